package byteback.rsync.checksum;

import net.openhft.hashing.LongHashFunction;
import net.openhft.hashing.LongTupleHashFunction;

/**
 * Streaming XXH3 (64 and 128 bit) with seed 0 and the default secret — what rsync's checksum.c
 * sum_init/sum_update/sum_end compute for CSUM_XXH3_64 and CSUM_XXH3_128 (whole-file sums are
 * never seeded). zero-allocation-hashing offers one-shot hashing only; this class keeps the
 * long-input state (accumulators, stripe count, the last 64 bytes) itself and delegates inputs of
 * at most 240 bytes, which XXH3 hashes with different formulas, to the library. Tests check
 * every length class against the library's one-shot result. No allocation after construction.
 */
final class Xxh3Stream {
    private static final int STRIPE = 64;
    private static final int STRIPES_PER_BLOCK = 16;
    private static final int BUFFER = 256;
    private static final int MID_SIZE_MAX = 240;
    private static final int SECRET_SIZE = 192;
    private static final int SECRET_LASTACC_START = 7;
    private static final int SECRET_MERGEACCS_START = 11;

    private static final long P32_1 = 0x9E3779B1L;
    private static final long P32_2 = 0x85EBCA77L;
    private static final long P32_3 = 0xC2B2AE3DL;
    private static final long P64_1 = 0x9E3779B185EBCA87L;
    private static final long P64_2 = 0xC2B2AE3D27D4EB4FL;
    private static final long P64_3 = 0x165667B19E3779F9L;
    private static final long P64_4 = 0x85EBCA77C2B2AE63L;
    private static final long P64_5 = 0x27D4EB2F165667C5L;
    private static final long PRIME_MX1 = 0x165667919E3779F9L;

    private static final LongHashFunction SHORT64 = LongHashFunction.xx3();
    private static final LongTupleHashFunction SHORT128 = LongTupleHashFunction.xx128();

    /** XXH3's default secret (kSecret). */
    private static final byte[] SECRET = {
            (byte) 0xb8, (byte) 0xfe, (byte) 0x6c, (byte) 0x39, (byte) 0x23, (byte) 0xa4, (byte) 0x4b, (byte) 0xbe, (byte) 0x7c, (byte) 0x01, (byte) 0x81, (byte) 0x2c, (byte) 0xf7, (byte) 0x21, (byte) 0xad, (byte) 0x1c,
            (byte) 0xde, (byte) 0xd4, (byte) 0x6d, (byte) 0xe9, (byte) 0x83, (byte) 0x90, (byte) 0x97, (byte) 0xdb, (byte) 0x72, (byte) 0x40, (byte) 0xa4, (byte) 0xa4, (byte) 0xb7, (byte) 0xb3, (byte) 0x67, (byte) 0x1f,
            (byte) 0xcb, (byte) 0x79, (byte) 0xe6, (byte) 0x4e, (byte) 0xcc, (byte) 0xc0, (byte) 0xe5, (byte) 0x78, (byte) 0x82, (byte) 0x5a, (byte) 0xd0, (byte) 0x7d, (byte) 0xcc, (byte) 0xff, (byte) 0x72, (byte) 0x21,
            (byte) 0xb8, (byte) 0x08, (byte) 0x46, (byte) 0x74, (byte) 0xf7, (byte) 0x43, (byte) 0x24, (byte) 0x8e, (byte) 0xe0, (byte) 0x35, (byte) 0x90, (byte) 0xe6, (byte) 0x81, (byte) 0x3a, (byte) 0x26, (byte) 0x4c,
            (byte) 0x3c, (byte) 0x28, (byte) 0x52, (byte) 0xbb, (byte) 0x91, (byte) 0xc3, (byte) 0x00, (byte) 0xcb, (byte) 0x88, (byte) 0xd0, (byte) 0x65, (byte) 0x8b, (byte) 0x1b, (byte) 0x53, (byte) 0x2e, (byte) 0xa3,
            (byte) 0x71, (byte) 0x64, (byte) 0x48, (byte) 0x97, (byte) 0xa2, (byte) 0x0d, (byte) 0xf9, (byte) 0x4e, (byte) 0x38, (byte) 0x19, (byte) 0xef, (byte) 0x46, (byte) 0xa9, (byte) 0xde, (byte) 0xac, (byte) 0xd8,
            (byte) 0xa8, (byte) 0xfa, (byte) 0x76, (byte) 0x3f, (byte) 0xe3, (byte) 0x9c, (byte) 0x34, (byte) 0x3f, (byte) 0xf9, (byte) 0xdc, (byte) 0xbb, (byte) 0xc7, (byte) 0xc7, (byte) 0x0b, (byte) 0x4f, (byte) 0x1d,
            (byte) 0x8a, (byte) 0x51, (byte) 0xe0, (byte) 0x4b, (byte) 0xcd, (byte) 0xb4, (byte) 0x59, (byte) 0x31, (byte) 0xc8, (byte) 0x9f, (byte) 0x7e, (byte) 0xc9, (byte) 0xd9, (byte) 0x78, (byte) 0x73, (byte) 0x64,
            (byte) 0xea, (byte) 0xc5, (byte) 0xac, (byte) 0x83, (byte) 0x34, (byte) 0xd3, (byte) 0xeb, (byte) 0xc3, (byte) 0xc5, (byte) 0x81, (byte) 0xa0, (byte) 0xff, (byte) 0xfa, (byte) 0x13, (byte) 0x63, (byte) 0xeb,
            (byte) 0x17, (byte) 0x0d, (byte) 0xdd, (byte) 0x51, (byte) 0xb7, (byte) 0xf0, (byte) 0xda, (byte) 0x49, (byte) 0xd3, (byte) 0x16, (byte) 0x55, (byte) 0x26, (byte) 0x29, (byte) 0xd4, (byte) 0x68, (byte) 0x9e,
            (byte) 0x2b, (byte) 0x16, (byte) 0xbe, (byte) 0x58, (byte) 0x7d, (byte) 0x47, (byte) 0xa1, (byte) 0xfc, (byte) 0x8f, (byte) 0xf8, (byte) 0xb8, (byte) 0xd1, (byte) 0x7a, (byte) 0xd0, (byte) 0x31, (byte) 0xce,
            (byte) 0x45, (byte) 0xcb, (byte) 0x3a, (byte) 0x8f, (byte) 0x95, (byte) 0x16, (byte) 0x04, (byte) 0x28, (byte) 0xaf, (byte) 0xd7, (byte) 0xfb, (byte) 0xca, (byte) 0xbb, (byte) 0x4b, (byte) 0x40, (byte) 0x7e,
    };
    /** The secret as 64-bit little-endian words at every byte offset used, precomputed. */
    private static final long[] KEY = new long[SECRET_SIZE - 7];

    static {
        for (int i = 0; i < KEY.length; i++) {
            KEY[i] = Le.getLong(SECRET, i);
        }
    }

    private final long[] acc = new long[8];
    private final byte[] buf = new byte[BUFFER];
    private final byte[] tail = new byte[STRIPE];
    private final byte[] last = new byte[STRIPE];
    private int bufLen;
    private int stripeInBlock;
    private long total;

    Xxh3Stream() {
        reset();
    }

    void reset() {
        acc[0] = P32_3;
        acc[1] = P64_1;
        acc[2] = P64_2;
        acc[3] = P64_3;
        acc[4] = P64_4;
        acc[5] = P32_2;
        acc[6] = P64_5;
        acc[7] = P32_1;
        bufLen = 0;
        stripeInBlock = 0;
        total = 0;
    }

    void update(byte[] in, int off, int len) {
        if (len <= 0) {
            return;
        }
        total += len;
        if (bufLen + len <= BUFFER) {
            System.arraycopy(in, off, buf, bufLen, len);
            bufLen += len;
            return;
        }
        // More data follows everything buffered: the buffer's stripes can be consumed.
        if (bufLen > 0) {
            int fill = BUFFER - bufLen;
            System.arraycopy(in, off, buf, bufLen, fill);
            off += fill;
            len -= fill;
            for (int p = 0; p < BUFFER; p += STRIPE) {
                consumeStripe(buf, p);
            }
            System.arraycopy(buf, BUFFER - STRIPE, tail, 0, STRIPE);
            bufLen = 0;
        }
        if (len > BUFFER) {
            // keep 1..64 bytes back: a stripe is consumed only when at least one byte follows it
            int stripes = (len - 1) / STRIPE;
            int end = off + stripes * STRIPE;
            for (int p = off; p < end; p += STRIPE) {
                consumeStripe(in, p);
            }
            System.arraycopy(in, end - STRIPE, tail, 0, STRIPE);
            len -= end - off;
            off = end;
        }
        System.arraycopy(in, off, buf, 0, len);
        bufLen = len;
    }

    long digest64() {
        if (total <= MID_SIZE_MAX) {
            return SHORT64.hashBytes(buf, 0, (int) total);
        }
        finishLong();
        return mergeAccs(SECRET_MERGEACCS_START, total * P64_1);
    }

    /** result[0] = low 64 bits, result[1] = high 64 bits. */
    void digest128(long[] result) {
        if (total <= MID_SIZE_MAX) {
            SHORT128.hashBytes(buf, 0, (int) total, result);
            return;
        }
        finishLong();
        result[0] = mergeAccs(SECRET_MERGEACCS_START, total * P64_1);
        result[1] = mergeAccs(SECRET_SIZE - STRIPE - SECRET_MERGEACCS_START, ~(total * P64_2));
    }

    /** Consumes the buffered stripes that are not the last, then the last stripe (rsync: XXH3_digest). */
    private void finishLong() {
        int stripes = (bufLen - 1) / STRIPE;
        for (int i = 0; i < stripes; i++) {
            consumeStripe(buf, i * STRIPE);
        }
        byte[] lastStripe;
        int lastOff;
        if (bufLen >= STRIPE) {
            lastStripe = buf;
            lastOff = bufLen - STRIPE;
        } else {
            int fromTail = STRIPE - bufLen;
            System.arraycopy(tail, STRIPE - fromTail, last, 0, fromTail);
            System.arraycopy(buf, 0, last, fromTail, bufLen);
            lastStripe = last;
            lastOff = 0;
        }
        accumulate(lastStripe, lastOff, SECRET_SIZE - STRIPE - SECRET_LASTACC_START);
    }

    private void consumeStripe(byte[] in, int off) {
        accumulate(in, off, stripeInBlock * 8);
        if (++stripeInBlock == STRIPES_PER_BLOCK) {
            scramble();
            stripeInBlock = 0;
        }
    }

    private void accumulate(byte[] in, int off, int secretOff) {
        long[] a = acc;
        for (int i = 0; i < 8; i++) {
            long data = Le.getLong(in, off + 8 * i);
            long key = data ^ KEY[secretOff + 8 * i];
            a[i ^ 1] += data;
            a[i] += (key & 0xffffffffL) * (key >>> 32);
        }
    }

    private void scramble() {
        long[] a = acc;
        int s = SECRET_SIZE - STRIPE;
        for (int i = 0; i < 8; i++) {
            long x = a[i];
            x ^= x >>> 47;
            x ^= KEY[s + 8 * i];
            a[i] = x * P32_1;
        }
    }

    private long mergeAccs(int secretOff, long start) {
        long result = start;
        for (int i = 0; i < 4; i++) {
            result += mulFold64(acc[2 * i] ^ KEY[secretOff + 16 * i], acc[2 * i + 1] ^ KEY[secretOff + 16 * i + 8]);
        }
        result ^= result >>> 37;
        result *= PRIME_MX1;
        return result ^ (result >>> 32);
    }

    /** The 128-bit unsigned product of a and b, its halves XORed (XXH3_mul128_fold64). */
    private static long mulFold64(long a, long b) {
        long lo = a * b;
        long hi = Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
        return lo ^ hi;
    }
}
