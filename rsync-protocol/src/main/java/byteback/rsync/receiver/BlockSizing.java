package byteback.rsync.receiver;

import byteback.rsync.protocol.SumHead;

/** How rsync sizes the blocks of a basis file (rsync: generator.c sum_sizes_sqroot). Pure logic. */
public final class BlockSizing {
    private BlockSizing() {}

    /** rsync: BLOCK_SIZE. */
    public static final int BLOCK_SIZE = 700;
    /** rsync: SHORT_SUM_LENGTH, the first-pass strong-sum length. */
    public static final int SHORT_SUM_LENGTH = 2;
    /** rsync: SUM_LENGTH, the redo-pass strong-sum length. */
    public static final int SUM_LENGTH = 16;
    private static final int BLOCKSUM_BIAS = 10;

    /**
     * @param len          the basis file's length
     * @param blockSize    the client's --block-size, 0 for rsync's choice
     * @param csumLength   {@link #SHORT_SUM_LENGTH} normally, {@link #SUM_LENGTH} when redoing
     * @param digestLength the negotiated checksum's digest length (rsync: xfer_sum_len)
     */
    public static SumHead forLength(long len, int blockSize, int csumLength, int digestLength) {
        int maxS2 = Math.min(SUM_LENGTH, digestLength);
        int blength;
        if (blockSize > 0) {
            blength = blockSize;
        } else if (len <= (long) BLOCK_SIZE * BLOCK_SIZE) {
            blength = BLOCK_SIZE;
        } else {
            int c = 1;
            for (long l = len; (l >>= 2) != 0; ) {
                c <<= 1;
            }
            if (c < 0 || c >= SumHead.MAX_BLOCK_SIZE) {
                blength = SumHead.MAX_BLOCK_SIZE;
            } else {
                blength = 0;
                do {
                    blength |= c;
                    if (len < (long) blength * blength) {
                        blength &= ~c;
                    }
                    c >>= 1;
                } while (c >= 8);
                blength = Math.max(blength, BLOCK_SIZE);
            }
        }
        int s2;
        if (csumLength == SUM_LENGTH) {
            s2 = maxS2;
        } else {
            int b = BLOCKSUM_BIAS;
            for (long l = len; (l >>= 1) != 0; ) {
                b += 2;
            }
            for (int c = blength; (c >>= 1) != 0 && b != 0; ) {
                b--;
            }
            s2 = (b + 1 - 32 + 7) / 8;
            s2 = Math.max(s2, csumLength);
            s2 = Math.min(s2, maxS2);
        }
        int remainder = (int) (len % blength);
        long count = len / blength + (remainder != 0 ? 1 : 0);
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("file too large for block checksums: " + len);
        }
        return new SumHead((int) count, blength, s2, remainder);
    }
}
