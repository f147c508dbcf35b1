package byteback.client.ssh;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The part of OpenSSH's client configuration byteback needs — HostName, Port and User — read as
 * {@code ssh} reads it (ssh_config(5)): files in order (the user's ~/.ssh/config, then
 * /etc/ssh/ssh_config), {@code Host} blocks whose patterns match the name given, and for each
 * keyword the first value obtained wins. {@code Include} is followed; {@code Match} blocks are
 * skipped (their conditions are not evaluated).
 */
public final class SshConfig {
    private static final int MAX_INCLUDE_DEPTH = 16;

    /** The values found; null where no file set them. */
    public record Values(String hostName, Integer port, String user) {}

    private final List<Line> lines = new ArrayList<>();

    private record Line(String keyword, List<String> args, Path file, int number) {}

    private SshConfig() {}

    /** Reads the files that exist, in order. */
    public static SshConfig read(List<Path> files) throws IOException {
        SshConfig c = new SshConfig();
        for (Path f : files) {
            if (Files.isRegularFile(f)) c.load(f, 0, true);
        }
        return c;
    }

    /** From text (tests); Include is resolved relative to {@code base}. */
    public static SshConfig parse(String text, Path base) throws IOException {
        SshConfig c = new SshConfig();
        c.addText(text, base.resolve("config"), 0, true);
        return c;
    }

    private void load(Path file, int depth, boolean topLevel) throws IOException {
        addText(Files.readString(file), file, depth, topLevel);
    }

    private void addText(String text, Path file, int depth, boolean topLevel) throws IOException {
        String[] raw = text.split("\n");
        for (int i = 0; i < raw.length; i++) {
            List<String> words = words(raw[i]);
            if (words.isEmpty()) continue;
            String kw = words.get(0).toLowerCase(Locale.ROOT);
            List<String> args = words.subList(1, words.size());
            if (kw.equals("include")) {
                if (depth >= MAX_INCLUDE_DEPTH) throw new IOException(file + ":" + (i + 1) + ": Include nested too deeply");
                lines.add(new Line("#include-start", List.of(), file, i + 1));
                for (String pattern : args) {
                    for (Path inc : expandInclude(pattern, file)) load(inc, depth + 1, false);
                }
                lines.add(new Line("#include-end", List.of(), file, i + 1));
            } else {
                lines.add(new Line(kw, List.copyOf(args), file, i + 1));
            }
        }
    }

    private static List<Path> expandInclude(String pattern, Path including) throws IOException {
        String home = System.getProperty("user.home");
        String p = pattern.startsWith("~/") ? home + pattern.substring(1) : pattern;
        Path path = Path.of(p);
        if (!path.isAbsolute()) {
            // relative to ~/.ssh for user files, /etc/ssh for system files (ssh_config(5))
            Path dir = including.getParent() == null ? Path.of(".") : including.getParent();
            path = dir.resolve(p);
        }
        List<Path> out = new ArrayList<>();
        Path dir = path.getParent();
        String name = path.getFileName().toString();
        if (name.contains("*") || name.contains("?") || name.contains("[")) {
            if (dir != null && Files.isDirectory(dir)) {
                try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name)) {
                    for (Path f : ds) out.add(f);
                }
            }
            out.sort(null);
        } else if (Files.isRegularFile(path)) {
            out.add(path);
        }
        return out;
    }

    /** The values ssh would use for {@code host} (the name given on the command line). */
    public Values lookup(String host) {
        Map<String, String> first = new HashMap<>();
        boolean active = true; // before any Host line everything applies
        List<Boolean> saved = new ArrayList<>();
        for (Line l : lines) {
            switch (l.keyword) {
                case "#include-start" -> saved.add(active);
                case "#include-end" -> active = saved.remove(saved.size() - 1);
                case "host" -> active = hostMatches(l.args, host);
                case "match" -> active = matchAll(l.args);
                default -> {
                    if (active && !l.args.isEmpty()) first.putIfAbsent(l.keyword, l.args.get(0));
                }
            }
        }
        String hostName = first.get("hostname");
        if (hostName != null) hostName = expandTokens(hostName, host);
        Integer port = null;
        String p = first.get("port");
        if (p != null) {
            try {
                port = Integer.valueOf(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("ssh_config: Port " + p + " is not a number");
            }
        }
        return new Values(hostName, port, first.get("user"));
    }

    /** "Match all" and "Match canonical all" hold; other conditions are not evaluated (treated as false). */
    private static boolean matchAll(List<String> args) {
        return args.stream().allMatch(a -> a.equalsIgnoreCase("all") || a.equalsIgnoreCase("canonical")
                || a.equalsIgnoreCase("final"));
    }

    /** A Host line matches when some pattern matches and no negated pattern does. */
    static boolean hostMatches(List<String> patterns, String host) {
        boolean matched = false;
        for (String pat : patterns) {
            for (String p : pat.split(",")) {
                if (p.isEmpty()) continue;
                boolean negate = p.startsWith("!");
                String body = negate ? p.substring(1) : p;
                if (glob(body.toLowerCase(Locale.ROOT), host.toLowerCase(Locale.ROOT))) {
                    if (negate) return false;
                    matched = true;
                }
            }
        }
        return matched;
    }

    /** ssh's match_pattern: '*' any run, '?' one character. */
    static boolean glob(String pattern, String s) {
        return glob(pattern, 0, s, 0);
    }

    private static boolean glob(String p, int pi, String s, int si) {
        while (pi < p.length()) {
            char c = p.charAt(pi);
            if (c == '*') {
                for (int k = si; k <= s.length(); k++) {
                    if (glob(p, pi + 1, s, k)) return true;
                }
                return false;
            }
            if (si >= s.length() || (c != '?' && c != s.charAt(si))) return false;
            pi++;
            si++;
        }
        return si == s.length();
    }

    private static String expandTokens(String value, String host) {
        return value.replace("%h", host).replace("%%", "%");
    }

    /** Splits a line as ssh does: "Key value", "Key=value", double quotes group, # starts a comment. */
    static List<String> words(String line) {
        String l = line.strip();
        List<String> out = new ArrayList<>();
        if (l.isEmpty() || l.startsWith("#")) return out;
        int i = 0;
        // keyword, then optional white space and one '='
        int k = 0;
        while (k < l.length() && !Character.isWhitespace(l.charAt(k)) && l.charAt(k) != '=') k++;
        out.add(l.substring(0, k));
        i = k;
        while (i < l.length() && Character.isWhitespace(l.charAt(i))) i++;
        if (i < l.length() && l.charAt(i) == '=') i++;
        StringBuilder cur = null;
        boolean quoted = false;
        for (; i < l.length(); i++) {
            char c = l.charAt(i);
            if (c == '"') {
                quoted = !quoted;
                if (cur == null) cur = new StringBuilder();
            } else if (!quoted && Character.isWhitespace(c)) {
                if (cur != null) out.add(cur.toString());
                cur = null;
            } else if (!quoted && c == '#' && cur == null) {
                break;
            } else {
                if (cur == null) cur = new StringBuilder();
                cur.append(c);
            }
        }
        if (cur != null) out.add(cur.toString());
        return out;
    }
}
