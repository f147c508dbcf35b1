package byteback.rsync.checksum;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class RollingChecksumTest {
    /** Straight from the definition: s1 = sum of signed bytes, s2 = sum of the running s1. */
    private static int reference(byte[] b, int off, int len) {
        int s1 = 0;
        int s2 = 0;
        for (int i = 0; i < len; i++) {
            s1 += b[off + i];
            s2 += s1;
        }
        return (s1 & 0xffff) | (s2 << 16);
    }

    @Test
    void knownValues() {
        assertEquals(0, RollingChecksum.of(new byte[0], 0, 0));
        // "abc": s1 = 97+98+99 = 294, s2 = 97 + 195 + 294 = 586
        assertEquals(294 | 586 << 16, RollingChecksum.of("abc".getBytes(), 0, 3));
        // signed chars: 0xff counts as -1 (rsync's schar cast)
        byte[] ff = {(byte) 0xff, (byte) 0xff};
        assertEquals((-2 & 0xffff) | (-3 << 16), RollingChecksum.of(ff, 0, 2));
    }

    @Property
    void unrolledLoopEqualsDefinition(@ForAll @Size(max = 300) byte[] data) {
        assertEquals(reference(data, 0, data.length), RollingChecksum.of(data, 0, data.length));
    }

    @Property
    void rollingEqualsRecomputing(@ForAll @Size(min = 1, max = 400) byte[] data,
                                  @ForAll @IntRange(min = 1, max = 64) int window) {
        int k = Math.min(window, data.length);
        RollingChecksum r = new RollingChecksum();
        r.reset(data, 0, k);
        for (int off = 0; off + 1 < data.length; off++) {
            // the window [off, off+k) moves to [off+1, off+1+k), shrinking at the end as match.c does
            if (off + k < data.length) {
                r.roll(data[off], data[off + k]);
            } else {
                r.rollOut(data[off]);
                k--;
            }
            assertEquals(RollingChecksum.of(data, off + 1, k), r.value(), "offset " + (off + 1));
            assertEquals(k, r.length());
        }
    }
}
