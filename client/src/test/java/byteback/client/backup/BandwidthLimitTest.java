package byteback.client.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** --bwlimit's pacing on a simulated clock: the average rate never exceeds the limit, and time already spent counts. */
class BandwidthLimitTest {
    private static final long SECOND = 1_000_000_000L;

    /** Writes {@code total} bytes in the limiter's chunks as fast as a writer can; returns the simulated nanoseconds taken. */
    private static long writeAll(BandwidthLimit l, long total, long nanosPerChunk) {
        long now = 0;
        long left = total;
        while (left > 0) {
            int n = (int) Math.min(left, l.maxWrite());
            now += nanosPerChunk;
            left -= n;
            long sleep = l.wrote(n, now);
            if (sleep > 0) {
                now += sleep;
                l.slept(now);
            }
        }
        return now;
    }

    @Test
    void aFastWriterIsHeldToTheRate() {
        BandwidthLimit l = new BandwidthLimit(100); // 100 KiB/s
        long took = writeAll(l, 1024 * 1024, 0); // 1 MiB: 10.24 s
        assertTrue(took >= 10 * SECOND && took <= 10.4 * SECOND, "took " + took / 1e9 + " s");
    }

    @Test
    void aSlowWriterNeverSleeps() {
        BandwidthLimit l = new BandwidthLimit(100);
        // each 12.8 KiB chunk takes 0.2 s to produce: 64 KiB/s, under the limit
        long now = 0;
        assertEquals(0, l.wrote(0, now)); // the clock starts (the first write has nothing to be measured against)
        for (int i = 0; i < 100; i++) {
            now += SECOND / 5;
            assertEquals(0, l.wrote(l.maxWrite(), now), "chunk " + i);
        }
    }

    @Test
    void smallDebtsDoNotSleepButAddUp() {
        BandwidthLimit l = new BandwidthLimit(1000); // 1000 KiB/s: a tenth of a second is 102 400 bytes
        assertEquals(0, l.wrote(50_000, 0));
        long sleep = l.wrote(60_000, 0);
        assertTrue(sleep >= SECOND / 10, "110 000 bytes at once are worth " + sleep / 1e9 + " s");
    }

    @Test
    void writesAreCutSmall() {
        assertEquals(512, new BandwidthLimit(1).maxWrite());
        assertEquals(12800, new BandwidthLimit(100).maxWrite());
        assertEquals(1 << 20, new BandwidthLimit(1 << 30).maxWrite());
        assertThrows(IllegalArgumentException.class, () -> new BandwidthLimit(0));
    }
}
