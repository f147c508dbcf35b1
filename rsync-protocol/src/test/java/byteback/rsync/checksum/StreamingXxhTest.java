package byteback.rsync.checksum;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.openhft.hashing.LongHashFunction;
import net.openhft.hashing.LongTupleHashFunction;
import org.junit.jupiter.api.Test;

/** Our streaming xxh64/xxh3/xxh128 against zero-allocation-hashing's one-shot results. */
class StreamingXxhTest {
    private static byte[] data(int len, long seed) {
        byte[] b = new byte[len];
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        for (int i = 0; i < len; i++) {
            b[i] = (byte) r.nextInt();
        }
        return b;
    }

    private static void feed(byte[] b, int chunk, java.util.function.IntBinaryOperator update) {
        for (int i = 0; i < b.length; ) {
            int n = Math.min(chunk, b.length - i);
            update.applyAsInt(i, n);
            i += n;
        }
    }

    @Test
    void everyLengthUpTo3000InOddPieces() {
        Xxh3Stream x3 = new Xxh3Stream();
        Xxh64Stream x64 = new Xxh64Stream(0);
        long[] r = new long[2];
        for (int len = 0; len <= 3000; len++) {
            byte[] b = data(len, len);
            for (int chunk : new int[] {1, 7, 64, 65, 256, 300, 5000}) {
                feed(b, chunk, (off, n) -> {
                    x3.update(b, off, n);
                    return 0;
                });
                assertEquals(LongHashFunction.xx3().hashBytes(b), x3.digest64(), "xxh3 len " + len + " chunk " + chunk);
                x3.reset();
                feed(b, chunk, (off, n) -> {
                    x3.update(b, off, n);
                    x64.update(b, off, n);
                    return 0;
                });
                x3.digest128(r);
                x3.reset();
                assertArrayEquals(LongTupleHashFunction.xx128().hashBytes(b), r, "xxh128 len " + len);
                assertEquals(LongHashFunction.xx().hashBytes(b), x64.digest(), "xxh64 len " + len);
            }
        }
    }

    @Property(tries = 60)
    void largeInputsInRandomPieces(@ForAll @IntRange(min = 0, max = 200_000) int len,
                                   @ForAll @IntRange(min = 1, max = 70_000) int chunk) {
        byte[] b = data(len, len * 31L + chunk);
        Xxh3Stream x3 = new Xxh3Stream();
        Xxh64Stream x64 = new Xxh64Stream(0);
        feed(b, chunk, (off, n) -> {
            x3.update(b, off, n);
            x64.update(b, off, n);
            return 0;
        });
        long[] r = new long[2];
        x3.digest128(r);
        assertArrayEquals(LongTupleHashFunction.xx128().hashBytes(b), r);
        x3.reset();
        feed(b, chunk, (off, n) -> {
            x3.update(b, off, n);
            return 0;
        });
        assertEquals(LongHashFunction.xx3().hashBytes(b), x3.digest64());
        assertEquals(LongHashFunction.xx().hashBytes(b), x64.digest());
    }
}
