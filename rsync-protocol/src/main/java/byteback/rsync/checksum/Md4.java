package byteback.rsync.checksum;

/**
 * MD4 (RFC 1320) as rsync computes it (rsync: lib/mdfour.c), including the two historical
 * quirks that older protocols depend on:
 * <ul>
 *   <li>{@code skipEmptyTail}: before protocol 27 rsync never ran the padding step when the data
 *       length was a multiple of 64 (CSUM_MD4_BUSTED / CSUM_MD4_ARCHAIC), so the digest is then
 *       the raw state;</li>
 *   <li>{@code lengthLow32}: before protocol 27 only the low 32 bits of the bit count were
 *       put into the padding.</li>
 * </ul>
 * Both off gives standard MD4. Streaming, reusable after {@link #digest}, no allocation.
 */
final class Md4 {
    private final boolean skipEmptyTail;
    private final boolean lengthLow32;
    private final byte[] block = new byte[64];
    private final int[] x = new int[16];
    private int a, b, c, d;
    private int buffered;
    private long total;

    Md4(boolean skipEmptyTail, boolean lengthLow32) {
        this.skipEmptyTail = skipEmptyTail;
        this.lengthLow32 = lengthLow32;
        reset();
    }

    /** Standard MD4. */
    Md4() {
        this(false, false);
    }

    void reset() {
        a = 0x67452301;
        b = 0xefcdab89;
        c = 0x98badcfe;
        d = 0x10325476;
        buffered = 0;
        total = 0;
    }

    void update(byte[] in, int off, int len) {
        total += len;
        if (buffered > 0) {
            int n = Math.min(64 - buffered, len);
            System.arraycopy(in, off, block, buffered, n);
            buffered += n;
            off += n;
            len -= n;
            if (buffered < 64) {
                return;
            }
            transform(block, 0);
            buffered = 0;
        }
        while (len >= 64) {
            transform(in, off);
            off += 64;
            len -= 64;
        }
        if (len > 0) {
            System.arraycopy(in, off, block, 0, len);
            buffered = len;
        }
    }

    /** Writes the 16-byte digest at {@code out[off]} and resets. */
    void digest(byte[] out, int off) {
        if (!(skipEmptyTail && buffered == 0)) {
            long bits = total << 3;
            if (lengthLow32) {
                bits &= 0xffffffffL;
            }
            int n = buffered;
            block[n++] = (byte) 0x80;
            if (n > 56) {
                while (n < 64) {
                    block[n++] = 0;
                }
                transform(block, 0);
                n = 0;
            }
            while (n < 56) {
                block[n++] = 0;
            }
            for (int i = 0; i < 8; i++) {
                block[56 + i] = (byte) (bits >>> (8 * i));
            }
            transform(block, 0);
        }
        putLe(out, off, a);
        putLe(out, off + 4, b);
        putLe(out, off + 8, c);
        putLe(out, off + 12, d);
        reset();
    }

    private static void putLe(byte[] out, int off, int v) {
        out[off] = (byte) v;
        out[off + 1] = (byte) (v >>> 8);
        out[off + 2] = (byte) (v >>> 16);
        out[off + 3] = (byte) (v >>> 24);
    }

    private void transform(byte[] in, int off) {
        for (int i = 0; i < 16; i++) {
            int p = off + 4 * i;
            x[i] = (in[p] & 0xff) | (in[p + 1] & 0xff) << 8 | (in[p + 2] & 0xff) << 16 | (in[p + 3] & 0xff) << 24;
        }
        int aa = a, bb = b, cc = c, dd = d;
        // round 1
        for (int i = 0; i < 16; i += 4) {
            aa = Integer.rotateLeft(aa + ((bb & cc) | (~bb & dd)) + x[i], 3);
            dd = Integer.rotateLeft(dd + ((aa & bb) | (~aa & cc)) + x[i + 1], 7);
            cc = Integer.rotateLeft(cc + ((dd & aa) | (~dd & bb)) + x[i + 2], 11);
            bb = Integer.rotateLeft(bb + ((cc & dd) | (~cc & aa)) + x[i + 3], 19);
        }
        // round 2
        for (int i = 0; i < 4; i++) {
            aa = Integer.rotateLeft(aa + ((bb & cc) | (bb & dd) | (cc & dd)) + x[i] + 0x5a827999, 3);
            dd = Integer.rotateLeft(dd + ((aa & bb) | (aa & cc) | (bb & cc)) + x[i + 4] + 0x5a827999, 5);
            cc = Integer.rotateLeft(cc + ((dd & aa) | (dd & bb) | (aa & bb)) + x[i + 8] + 0x5a827999, 9);
            bb = Integer.rotateLeft(bb + ((cc & dd) | (cc & aa) | (dd & aa)) + x[i + 12] + 0x5a827999, 13);
        }
        // round 3
        final int[] order = ROUND3;
        for (int i = 0; i < 16; i += 4) {
            aa = Integer.rotateLeft(aa + (bb ^ cc ^ dd) + x[order[i]] + 0x6ed9eba1, 3);
            dd = Integer.rotateLeft(dd + (aa ^ bb ^ cc) + x[order[i + 1]] + 0x6ed9eba1, 9);
            cc = Integer.rotateLeft(cc + (dd ^ aa ^ bb) + x[order[i + 2]] + 0x6ed9eba1, 11);
            bb = Integer.rotateLeft(bb + (cc ^ dd ^ aa) + x[order[i + 3]] + 0x6ed9eba1, 15);
        }
        a += aa;
        b += bb;
        c += cc;
        d += dd;
    }

    private static final int[] ROUND3 = {0, 8, 4, 12, 2, 10, 6, 14, 1, 9, 5, 13, 3, 11, 7, 15};
}
