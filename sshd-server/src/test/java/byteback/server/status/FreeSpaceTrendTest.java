package byteback.server.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.server.prune.SpaceReading;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class FreeSpaceTrendTest {
    static final Instant T = Instant.parse("2026-12-04T12:00:00Z");

    static SpaceReading at(long hoursBack, long free) {
        return new SpaceReading(T.minus(Duration.ofHours(hoursBack)), 1000, free);
    }

    @Test
    void changeOverTheLastDayOrAsMuchHistoryAsThereIs() {
        assertTrue(FreeSpaceTrend.of(List.of(at(0, 5)), FreeSpaceTrend.WINDOW).isEmpty());
        assertEquals(new FreeSpaceTrend(-300, Duration.ofHours(24)), FreeSpaceTrend.of(
                List.of(at(48, 900), at(30, 800), at(24, 700), at(10, 500), at(0, 400)), FreeSpaceTrend.WINDOW).orElseThrow());
        assertEquals(new FreeSpaceTrend(-100, Duration.ofHours(30)), FreeSpaceTrend.of(
                List.of(at(30, 800), at(23, 750), at(0, 700)), FreeSpaceTrend.WINDOW).orElseThrow());
        assertEquals(new FreeSpaceTrend(50, Duration.ofHours(5)), FreeSpaceTrend.of(
                List.of(at(5, 650), at(0, 700)), FreeSpaceTrend.WINDOW).orElseThrow());
    }

    @Test
    void theStoreLineSaysIt() {
        StoreStatus s = new StoreStatus(T, "/srv", List.of(), 1L << 30, 1L << 29, false,
                new FreeSpaceTrend(-(3L << 20), Duration.ofHours(24)));
        String line = StatusText.lines(s, ZoneOffset.UTC, false).get(0);
        assertTrue(line.contains("50.0% free (512.0 MiB of 1.0 GiB), -3.0 MiB in 1 d, not pruning"), line);
        assertTrue(StatusJson.format(s, NagiosCheck.Thresholds.DEFAULT)
                .contains("\"pruning\":false,\"free_change_bytes\":-3145728,\"free_change_seconds\":86400}"));
    }
}
