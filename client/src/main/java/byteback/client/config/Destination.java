package byteback.client.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where backups go, as written in /etc/byteback/destination or given with --destination: the
 * original's {@code [user@]host:[path]}, or {@code ssh://[user@]host[:port][/path]}.
 *
 * @param user null when not given (then ssh_config's User, else {@link #DEFAULT_USER})
 * @param port null when not given (then ssh_config's Port, else 22)
 * @param path the remote path after the colon, "" when none (the server ignores it)
 */
public record Destination(String user, String host, Integer port, String path) {
    public static final String DEFAULT_USER = "byteback";

    private static final Pattern SCP_STYLE = Pattern.compile("^(?:(.+)@)?([^@:/]+):(.*)$");
    private static final Pattern URL_STYLE = Pattern.compile("^ssh://(?:([^@/]+)@)?(\\[[^\\]]+\\]|[^:/@]+)(?::(\\d+))?(/.*)?$");

    /** Parses a destination; throws IllegalArgumentException with a message for the user. */
    public static Destination parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("no destination given");
        }
        String s = text.strip();
        Matcher m = URL_STYLE.matcher(s);
        if (m.matches()) {
            String host = m.group(2);
            if (host.startsWith("[")) host = host.substring(1, host.length() - 1);
            Integer port = null;
            if (m.group(3) != null) {
                port = Integer.valueOf(m.group(3));
                if (port < 1 || port > 65535) throw new IllegalArgumentException("destination " + s + ": port out of range");
            }
            return new Destination(m.group(1), host, port, m.group(4) == null ? "" : m.group(4));
        }
        m = SCP_STYLE.matcher(s);
        if (m.matches()) {
            return new Destination(m.group(1), m.group(2), null, m.group(3));
        }
        throw new IllegalArgumentException("destination \"" + s + "\" must be a remote path such as byteback@backup.example.com:"
                + " or ssh://byteback@backup.example.com:2222");
    }

    /** The original's form, as setup-client writes it to /etc/byteback/destination. */
    public String text() {
        String u = user == null ? "" : user + "@";
        if (port != null) {
            return "ssh://" + u + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + path;
        }
        return u + host + ":" + path;
    }
}
