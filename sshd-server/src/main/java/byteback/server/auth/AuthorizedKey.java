package byteback.server.auth;

import java.util.Arrays;

/**
 * One valid line of authorized_keys.
 *
 * @param line    its line number, from 1
 * @param options what stood in front of the key
 * @param type    the key type, e.g. {@code ssh-ed25519}
 * @param blob    the key in SSH wire form (the base64 decoded)
 * @param comment what followed the key, or ""
 */
public record AuthorizedKey(int line, KeyOptions options, String type, byte[] blob, String comment) {
    public static final String CLIENT_VARIABLE = "BYTEBACK_HOST";

    public boolean sameKey(byte[] other) {
        return Arrays.equals(blob, other);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AuthorizedKey k && k.line == line && k.options.equals(options)
                && k.type.equals(type) && Arrays.equals(k.blob, blob) && k.comment.equals(comment);
    }

    @Override
    public int hashCode() {
        return line * 31 + Arrays.hashCode(blob);
    }
}
