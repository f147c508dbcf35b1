package byteback.server.prune;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class GrowthLimitTest {
    private static final long GIB = 1L << 30;

    @Test
    void onlyABackupOverTwiceTheLargestAndOverOneGibIsStopped() {
        GrowthLimit limit = GrowthLimit.DEFAULT;
        assertFalse(limit.exceeded(GIB, 0), "1 GiB exactly is not over 1 GiB");
        assertTrue(limit.exceeded(GIB + 1, 0), "a first backup over 1 GiB has no earlier one to compare with");
        assertFalse(limit.exceeded(3 * GIB, 2 * GIB), "under twice the largest");
        assertFalse(limit.exceeded(4 * GIB, 2 * GIB), "exactly twice the largest");
        assertTrue(limit.exceeded(4 * GIB + 1, 2 * GIB));
        assertFalse(limit.exceeded(900L << 20, 10L << 20), "small, however sudden");
    }

    @Test
    void bothNumbersAreConfigurable() {
        GrowthLimit limit = new GrowthLimit(3.0, 64L << 20);
        assertTrue(limit.exceeded(100L << 20, 30L << 20));
        assertFalse(limit.exceeded(90L << 20, 30L << 20));
        assertThrows(IllegalArgumentException.class, () -> new GrowthLimit(0.5, 0));
    }

    @Test
    void theRefusalSaysWhyAndHowToAllowIt() {
        String message = GrowthLimit.DEFAULT.refusal("web1", 5 * GIB, GIB,
                new SpaceReading(Instant.EPOCH, 100 * GIB, 5 * GIB), "byteback-server allow-growth --root /r --name web1");
        assertTrue(message.contains("web1"), message);
        assertTrue(message.contains("5.0 GiB") && message.contains("1.0 GiB"), message);
        assertTrue(message.contains("byteback-server allow-growth --root /r --name web1"), message);
    }
}
