package byteback.rsync.flist;

import byteback.rsync.wire.ProtocolException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * Finds an active entry of a list by its final path in 8 bytes per entry: one sorted long per
 * entry, a 40-bit hash of the path (seeded per list, so a sender cannot aim collisions at it) over
 * the 24-bit protocol index. A lookup binary-searches the hash and compares the real paths of the
 * few entries that share it. Building it also rejects two active entries with one path
 * (rsync leaves that to chance; we refuse it).
 */
final class PathIndex {
    /** Most entries an index can hold: the protocol index must fit its 24 bits. */
    static final int MAX_ENTRIES = 1 << 24;
    private static final int INDEX_BITS = 24;
    private static final long INDEX_MASK = (1L << INDEX_BITS) - 1;

    private final long seed = new SecureRandom().nextLong();
    private final long[] keys;
    private final IntFunction<byte[]> pathOf;

    /**
     * @param active whether protocol index i is an active entry
     * @param pathOf the final path of protocol index i
     */
    PathIndex(int size, java.util.function.IntPredicate active, IntFunction<byte[]> pathOf)
            throws ProtocolException {
        if (size > MAX_ENTRIES) {
            throw new ProtocolException("file list has more than " + MAX_ENTRIES + " entries");
        }
        this.pathOf = pathOf;
        int n = 0;
        long[] k = new long[size];
        for (int i = 0; i < size; i++) {
            if (active.test(i)) {
                k[n++] = (hash(pathOf.apply(i)) << INDEX_BITS) | i;
            }
        }
        keys = n == size ? k : Arrays.copyOf(k, n);
        Arrays.sort(keys);
        for (int i = 1; i < keys.length; i++) {
            if (keys[i] >>> INDEX_BITS == keys[i - 1] >>> INDEX_BITS) {
                rejectSamePath(i);
            }
        }
    }

    /** Two or more entries share a hash: are any two of them the same path? */
    private void rejectSamePath(int last) throws ProtocolException {
        long h = keys[last] >>> INDEX_BITS;
        byte[] p = pathOf.apply((int) (keys[last] & INDEX_MASK));
        for (int j = last - 1; j >= 0 && keys[j] >>> INDEX_BITS == h; j--) {
            if (Arrays.equals(p, pathOf.apply((int) (keys[j] & INDEX_MASK)))) {
                throw new ProtocolException("colliding file names in the file list: " + FileNames.printable(p));
            }
        }
    }

    /** The protocol index of the active entry with this path, or -1. */
    int find(byte[] path) {
        long h = hash(path);
        int i = Arrays.binarySearch(keys, h << INDEX_BITS);
        if (i < 0) {
            i = -i - 1;
        }
        for (; i < keys.length && keys[i] >>> INDEX_BITS == h; i++) {
            int ndx = (int) (keys[i] & INDEX_MASK);
            if (Arrays.equals(path, pathOf.apply(ndx))) {
                return ndx;
            }
        }
        return -1;
    }

    /** 40 bits of a seeded FNV-1a over the bytes, finished with MurmurHash3's fmix64. */
    private long hash(byte[] b) {
        long h = seed ^ 0xcbf29ce484222325L;
        for (byte x : b) {
            h = (h ^ (x & 0xff)) * 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb93c185ec53bL;
        h ^= h >>> 33;
        return h >>> (64 - 40);
    }
}
