package byteback.server.restore;

import java.util.Arrays;

/**
 * Names and patterns as Ruby's glob sees them: characters, not bytes. A valid UTF-8 sequence is
 * its code point; every byte of an invalid sequence stands for itself as {@code 0x110000 + byte},
 * outside Unicode, so it only ever equals the same raw byte. Pure.
 */
final class Chars {
    private Chars() {}

    static final int RAW = 0x110000;

    static int[] of(byte[] s) {
        int[] out = new int[s.length];
        int n = 0;
        int i = 0;
        while (i < s.length) {
            int b = s[i] & 0xff;
            int len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
            int cp = len == 1 ? b : len == 2 ? b & 0x1f : len == 3 ? b & 0x0f : b & 0x07;
            boolean ok = len > 0 && i + len <= s.length;
            for (int k = 1; ok && k < len; k++) {
                int c = s[i + k] & 0xff;
                if ((c & 0xc0) != 0x80) ok = false;
                cp = cp << 6 | (c & 0x3f);
            }
            // overlong, surrogate and out-of-range forms are invalid too
            if (ok && (len == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff)) || len == 4 && (cp < 0x10000 || cp > 0x10ffff))) {
                ok = false;
            }
            if (ok) {
                out[n++] = cp;
                i += len;
            } else {
                out[n++] = RAW + b;
                i++;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** How many characters wide the name prints (what Ruby's String#length counts). */
    static int width(byte[] s) {
        return of(s).length;
    }

    /** The bytes a character array stands for (the inverse of {@link #of}). */
    static byte[] toBytes(int[] chars) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(chars.length);
        for (int c : chars) {
            if (c >= RAW) {
                out.write(c - RAW);
            } else {
                byte[] b = new String(Character.toChars(c)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toByteArray();
    }
}
