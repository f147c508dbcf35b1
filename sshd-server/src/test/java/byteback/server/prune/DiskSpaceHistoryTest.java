package byteback.server.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceHistoryTest {
    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final long GIB = 1L << 30;

    private static SpaceReading at(int minutes, long available) {
        return new SpaceReading(T0.plus(Duration.ofMinutes(minutes)), 100 * GIB, available);
    }

    @Test
    void anUnchangedReadingIsKeptOnlyEveryFiveMinutes() {
        DiskSpaceHistory h = new DiskSpaceHistory();
        assertTrue(h.record(at(0, 50 * GIB)));
        assertFalse(h.record(at(1, 50 * GIB)));
        assertFalse(h.record(at(4, 50 * GIB)));
        assertTrue(h.record(at(5, 50 * GIB)));
        assertTrue(h.record(at(6, 49 * GIB)), "a change is always kept");
        assertEquals(3, h.size());
        assertEquals(Duration.ofMinutes(6), h.span());
    }

    @Test
    void readingsOlderThanAWeekAreDropped() {
        DiskSpaceHistory h = new DiskSpaceHistory();
        h.record(at(0, 10 * GIB));
        h.record(at(60, 11 * GIB));
        h.record(at(7 * 24 * 60 + 30, 12 * GIB));
        assertEquals(2, h.size());
        assertEquals(T0.plus(Duration.ofMinutes(60)), h.readings().get(0).time());
    }

    @Test
    void aClockSetBackDropsTheReadingsFromTheFuture() {
        DiskSpaceHistory h = new DiskSpaceHistory();
        h.record(at(0, 10 * GIB));
        h.record(at(60, 11 * GIB));
        h.record(at(30, 11 * GIB));
        assertEquals(List.of(at(0, 10 * GIB), at(30, 11 * GIB)), h.readings());
    }

    @Test
    void theGradientIsZeroOnlyWhenFreeSpaceHasBeenSteadyForTheWindow() {
        DiskSpaceHistory h = new DiskSpaceHistory();
        h.record(at(0, 40 * GIB));
        h.record(at(10, 30 * GIB));
        h.record(at(20, 30 * GIB));
        h.record(at(40, 30 * GIB));
        // window 30 min back from minute 40 reaches the reading at 0: still falling
        assertTrue(h.gradient(Duration.ofMinutes(30)) > 0);
        h.record(at(45, 30 * GIB));
        h.record(at(50, 30 * GIB));
        assertEquals(0, h.gradient(Duration.ofMinutes(30)), "steady since minute 10");
        h.record(at(55, 31 * GIB));
        assertTrue(h.gradient(Duration.ofMinutes(30)) < 0, "rising: btrfs still freeing");
    }

    @Test
    void theGradientIsTheOriginalsBlocksPerReading() {
        DiskSpaceHistory h = new DiskSpaceHistory();
        h.record(at(0, 1000 * 4096L));
        h.record(at(10, 900 * 4096L));
        h.record(at(20, 880 * 4096L));
        // all three readings in the 30-minute window: (1000 - 880) / 3
        assertEquals(40, h.gradient(Duration.ofMinutes(30)));
    }

    @Test
    void theFileSurvivesARestart(@TempDir Path dir) {
        DiskSpaceHistoryFile file = new DiskSpaceHistoryFile(dir.resolve(".byteback"));
        DiskSpaceHistory h = new DiskSpaceHistory();
        h.record(at(0, 5 * GIB));
        h.record(at(7, 4 * GIB));
        assertTrue(file.save(h));
        DiskSpaceHistory loaded = file.load();
        assertEquals(h.readings(), loaded.readings());
    }

    @Test
    void aFailedWriteKeepsTheHistoryInMemoryAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path notADirectory = Files.writeString(dir.resolve("state"), "a file where a directory should be");
        DiskSpaceHistoryFile file = new DiskSpaceHistoryFile(notADirectory);
        DiskSpaceHistory h = new DiskSpaceHistory();
        h.record(at(0, 5 * GIB));
        assertFalse(file.save(h));
        assertEquals(1, h.size());
        assertEquals(List.of(dir.resolve("state")), Files.list(dir).toList());
    }

    @Test
    void aDamagedFileLoadsWhatItCan(@TempDir Path dir) throws IOException {
        DiskSpaceHistoryFile file = new DiskSpaceHistoryFile(dir);
        Files.writeString(file.path(), "1764151200 100 50\ngarbage\n1764151500 100 -3\n1764151800 100 40\n");
        assertEquals(List.of(new SpaceReading(Instant.ofEpochSecond(1764151200L), 100, 50),
                new SpaceReading(Instant.ofEpochSecond(1764151800L), 100, 40)), file.load().readings());
        Files.writeString(file.path(), "\u0000\u0001binary");
        assertEquals(0, file.load().size());
    }

    @Test
    void noFileIsAnEmptyHistory(@TempDir Path dir) {
        assertEquals(0, new DiskSpaceHistoryFile(dir).load().size());
    }
}
