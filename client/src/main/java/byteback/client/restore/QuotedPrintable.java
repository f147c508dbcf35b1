package byteback.client.restore;

import java.nio.charset.StandardCharsets;

/**
 * How the original client passes patterns to the server so that spaces and odd bytes survive the
 * remote command line (Ruby's pack("M") with soft line breaks removed and spaces as =20): printable
 * ASCII stays, '=' and everything else become =XX.
 */
public final class QuotedPrintable {
    private QuotedPrintable() {}

    public static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c > 32 && c < 127 && c != '=') {
                b.append((char) c);
            } else {
                b.append('=').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }
}
