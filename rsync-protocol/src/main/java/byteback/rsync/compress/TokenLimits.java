package byteback.rsync.compress;

/** rsync's sizes for the token stream (rsync: rsync.h CHUNK_SIZE, token.c MAX_DATA_COUNT). */
final class TokenLimits {
    /** Largest literal piece of the uncompressed stream, and the compressors' input unit. */
    static final int CHUNK_SIZE = 32 * 1024;
    /** Largest compressed piece: its 14-bit length fits the two flag bytes. */
    static final int MAX_DATA_COUNT = 16383;

    private TokenLimits() {
    }

    /** zlib's worst-case output for an input size (rsync: token.c AVAIL_OUT_SIZE). */
    static int availOutSize(int inSize) {
        return inSize * 1001 / 1000 + 16;
    }
}
