package byteback.rsync.checksum;

/**
 * rsync's weak 32-bit block checksum (rsync: checksum.c get_checksum1) and its rolling update as
 * the sender's block search uses it (rsync: match.c hash_search).
 *
 * <p>Bytes are taken as <em>signed</em> chars, as rsync's {@code schar} cast does, with
 * CHAR_OFFSET 0. The value is {@code (s1 & 0xffff) | (s2 << 16)} where s1 and s2 are the 32-bit
 * running sums; the instance keeps the full 32-bit s1 and s2 exactly like match.c so that rolling
 * gives the same value as recomputing. No allocation.
 */
public final class RollingChecksum {
    private int s1;
    private int s2;
    private int length;

    /** rsync: checksum.c get_checksum1 — the weak checksum of {@code len} bytes. */
    public static int of(byte[] buf, int off, int len) {
        int a = 0;
        int b = 0;
        int i = 0;
        int end4 = len - 4;
        for (; i < end4; i += 4) {
            int c0 = buf[off + i];
            int c1 = buf[off + i + 1];
            int c2 = buf[off + i + 2];
            int c3 = buf[off + i + 3];
            b += 4 * (a + c0) + 3 * c1 + 2 * c2 + c3;
            a += c0 + c1 + c2 + c3;
        }
        for (; i < len; i++) {
            a += buf[off + i];
            b += a;
        }
        return (a & 0xffff) + (b << 16);
    }

    /** Starts a window over {@code len} bytes (rsync: match.c, sum = get_checksum1(map, k)). */
    public void reset(byte[] buf, int off, int len) {
        int sum = of(buf, off, len);
        s1 = sum & 0xffff;
        s2 = sum >>> 16;
        length = len;
    }

    /** Slides the window one byte: {@code out} leaves at the front, {@code in} enters at the end. */
    public void roll(byte out, byte in) {
        s1 -= out;
        s2 -= length * out;
        s1 += in;
        s2 += s1;
    }

    /** Shrinks the window by its first byte {@code out} (near the end of the file, nothing enters). */
    public void rollOut(byte out) {
        s1 -= out;
        s2 -= length * out;
        length--;
    }

    /** Number of bytes in the window. */
    public int length() {
        return length;
    }

    /** The checksum of the current window, as get_checksum1 would compute it. */
    public int value() {
        return (s1 & 0xffff) | (s2 << 16);
    }
}
