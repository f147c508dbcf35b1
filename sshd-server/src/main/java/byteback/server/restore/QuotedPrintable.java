package byteback.server.restore;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The quoted-printable form the original client wraps its patterns in (lib/byteback/restore.rb:
 * encode_args is Ruby's {@code pack("M")} with spaces as {@code =20} and soft line breaks removed;
 * decode_args is {@code (s + "=\n").unpack("M")}). Pure.
 */
public final class QuotedPrintable {
    private QuotedPrintable() {}

    /**
     * What the original's decode_args makes of one word: {@code =XX} (either case of hex) is that
     * byte, {@code =} before a line break is dropped, anything else is itself. Like Ruby's
     * unpack("M"), a {@code =} not followed by two hex digits stops decoding and the rest of the
     * word (with the appended {@code =\n}) is kept as it is.
     */
    public static byte[] decode(String word) {
        byte[] s = (word + "=\n").getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length);
        int i = 0;
        int kept = 0; // start of what has not been decoded yet
        while (i < s.length) {
            if (s[i] == '=') {
                if (++i == s.length) break;
                if (i + 1 < s.length && s[i] == '\r' && s[i + 1] == '\n') i++;
                if (s[i] != '\n') {
                    int hi = hex(s[i]);
                    if (hi < 0) break;
                    if (++i == s.length) break;
                    int lo = hex(s[i]);
                    if (lo < 0) break;
                    out.write(hi << 4 | lo);
                }
            } else {
                out.write(s[i]);
            }
            i++;
            kept = i;
        }
        out.write(s, kept, s.length - kept);
        return out.toByteArray();
    }

    /**
     * The original client's encode_args for one pattern: bytes above 126, control bytes other than
     * tab and newline, and {@code =} as {@code =XX} (upper-case hex), spaces as {@code =20}, the
     * rest as it is.
     */
    public static String encode(byte[] raw) {
        StringBuilder b = new StringBuilder(raw.length * 2);
        for (byte x : raw) {
            int c = x & 0xff;
            if (c > 126 || (c < 32 && c != '\n' && c != '\t') || c == '=' || c == ' ') {
                b.append('=').append(HEX[c >> 4]).append(HEX[c & 15]);
            } else {
                b.append((char) c); // pack("M")'s soft line breaks ("=\n") are removed again
            }
        }
        return b.toString();
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    }
}
