package byteback.rsync.checksum;

/**
 * Streaming XXH64 (the state rsync keeps in checksum.c sum_init/sum_update/sum_end for
 * CSUM_XXH64). zero-allocation-hashing only hashes whole inputs, so the streaming form is ours;
 * tests check it against that library's one-shot hash. No allocation after construction.
 */
final class Xxh64Stream {
    private static final long P1 = 0x9E3779B185EBCA87L;
    private static final long P2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P3 = 0x165667B19E3779F9L;
    private static final long P4 = 0x85EBCA77C2B2AE63L;
    private static final long P5 = 0x27D4EB2F165667C5L;

    private final long seed;
    private final byte[] buf = new byte[32];
    private int buffered;
    private long total;
    private long v1, v2, v3, v4;

    Xxh64Stream(long seed) {
        this.seed = seed;
        reset();
    }

    void reset() {
        v1 = seed + P1 + P2;
        v2 = seed + P2;
        v3 = seed;
        v4 = seed - P1;
        buffered = 0;
        total = 0;
    }

    void update(byte[] in, int off, int len) {
        total += len;
        if (buffered > 0) {
            int n = Math.min(32 - buffered, len);
            System.arraycopy(in, off, buf, buffered, n);
            buffered += n;
            off += n;
            len -= n;
            if (buffered < 32) {
                return;
            }
            stripe(buf, 0);
            buffered = 0;
        }
        while (len >= 32) {
            stripe(in, off);
            off += 32;
            len -= 32;
        }
        if (len > 0) {
            System.arraycopy(in, off, buf, 0, len);
            buffered = len;
        }
    }

    private void stripe(byte[] in, int off) {
        v1 = round(v1, Le.getLong(in, off));
        v2 = round(v2, Le.getLong(in, off + 8));
        v3 = round(v3, Le.getLong(in, off + 16));
        v4 = round(v4, Le.getLong(in, off + 24));
    }

    private static long round(long acc, long input) {
        acc += input * P2;
        return Long.rotateLeft(acc, 31) * P1;
    }

    private static long merge(long acc, long val) {
        acc ^= round(0, val);
        return acc * P1 + P4;
    }

    /** The hash of everything fed since the last reset; resets. */
    long digest() {
        long h;
        if (total >= 32) {
            h = Long.rotateLeft(v1, 1) + Long.rotateLeft(v2, 7) + Long.rotateLeft(v3, 12) + Long.rotateLeft(v4, 18);
            h = merge(h, v1);
            h = merge(h, v2);
            h = merge(h, v3);
            h = merge(h, v4);
        } else {
            h = seed + P5;
        }
        h += total;
        int p = 0;
        int n = buffered;
        while (n - p >= 8) {
            h ^= round(0, Le.getLong(buf, p));
            h = Long.rotateLeft(h, 27) * P1 + P4;
            p += 8;
        }
        if (n - p >= 4) {
            h ^= (Le.getInt(buf, p) & 0xffffffffL) * P1;
            h = Long.rotateLeft(h, 23) * P2 + P3;
            p += 4;
        }
        while (p < n) {
            h ^= (buf[p] & 0xffL) * P5;
            h = Long.rotateLeft(h, 11) * P1;
            p++;
        }
        h ^= h >>> 33;
        h *= P2;
        h ^= h >>> 29;
        h *= P3;
        h ^= h >>> 32;
        reset();
        return h;
    }
}
