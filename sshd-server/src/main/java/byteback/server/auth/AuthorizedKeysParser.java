package byteback.server.auth;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/** Reads OpenSSH's authorized_keys format. Lines it cannot read are reported and skipped. */
public final class AuthorizedKeysParser {
    private AuthorizedKeysParser() {}

    private static final Set<String> KEY_TYPES = Set.of("ssh-rsa", "ssh-dss", "ssh-ed25519",
            "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
            "sk-ssh-ed25519@openssh.com", "sk-ecdsa-sha2-nistp256@openssh.com");

    /** A line that was skipped and why. */
    public record Problem(int line, String reason) {}

    public record Result(List<AuthorizedKey> keys, List<Problem> problems) {}

    public static Result parse(String text) {
        List<AuthorizedKey> keys = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.endsWith("\r")) line = line.substring(0, line.length() - 1);
            try {
                AuthorizedKey k = parseLine(i + 1, line);
                if (k != null) keys.add(k);
            } catch (IllegalArgumentException e) {
                problems.add(new Problem(i + 1, e.getMessage()));
            }
        }
        return new Result(List.copyOf(keys), List.copyOf(problems));
    }

    /**
     * openssh: auth2-pubkeyfile.c auth_check_authkey_line (the parsing half).
     *
     * @return null for blank and comment lines
     */
    static AuthorizedKey parseLine(int number, String line) {
        int i = 0;
        while (i < line.length() && KeyOptions.isBlank(line.charAt(i))) i++;
        if (i == line.length() || line.charAt(i) == '#') return null;
        String rest = line.substring(i);
        KeyOptions options = KeyOptions.NONE;
        if (!KEY_TYPES.contains(firstWord(rest))) {
            int keyStart = skipOptions(rest);
            options = KeyOptions.parse(rest.substring(0, keyStart));
            rest = rest.substring(keyStart).stripLeading();
        }
        String type = firstWord(rest);
        if (!KEY_TYPES.contains(type)) throw new IllegalArgumentException("invalid key type \"" + type + "\"");
        rest = rest.substring(type.length()).strip();
        String b64 = firstWord(rest);
        String comment = rest.substring(b64.length()).strip();
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(b64);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid key (not base64)");
        }
        if (!type.equals(blobType(blob))) throw new IllegalArgumentException("invalid key (type does not match)");
        return new AuthorizedKey(number, options, type, blob, comment);
    }

    /** The key type string at the start of an SSH public key blob, or null. */
    static String blobType(byte[] blob) {
        if (blob.length < 4) return null;
        int len = ByteBuffer.wrap(blob).getInt();
        if (len <= 0 || len > blob.length - 4 || len > 64) return null;
        return new String(blob, 4, len, StandardCharsets.US_ASCII);
    }

    // openssh: sshkey.c sshkey_advance_past_options
    private static int skipOptions(String s) {
        boolean quoted = false;
        int i = 0;
        for (; i < s.length() && (quoted || !KeyOptions.isBlank(s.charAt(i))); i++) {
            if (s.charAt(i) == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '"') i++;
            else if (s.charAt(i) == '"') quoted = !quoted;
        }
        if (quoted) throw new IllegalArgumentException("invalid key option string (unterminated quote)");
        return i;
    }

    private static String firstWord(String s) {
        int i = 0;
        while (i < s.length() && !KeyOptions.isBlank(s.charAt(i))) i++;
        return s.substring(0, i);
    }
}
