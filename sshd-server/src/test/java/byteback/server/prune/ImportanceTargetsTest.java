package byteback.server.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Target lists worked out by hand from SPEC section 6. */
class ImportanceTargetsTest {

    private static List<Instant> middays(String... days) {
        return Stream.of(days).map(d -> Instant.parse(d + "T12:00:00Z")).collect(Collectors.toList());
    }

    @Test
    void thursdayWhoseFourthSundayIsItselfA28DayMark() {
        // Thursday 26 Nov 2026: w = 4, so the Sundays are 11, 18, 25 and 32 days back. The fourth,
        // 25 Oct 2026, is 20748 = 741 * 28 days after Sunday 4 Jan 1970: it comes twice.
        List<Instant> targets = ImportanceTargets.targets(Instant.parse("2026-11-26T15:00:00Z"),
                Instant.parse("2026-08-01T10:00:00Z"));
        assertEquals(middays("2026-11-26", "2026-11-25", "2026-11-24", "2026-11-23", "2026-11-22",
                "2026-11-21", "2026-11-20",
                "2026-11-15", "2026-11-08", "2026-11-01", "2026-10-25",
                "2026-10-25", "2026-09-27", "2026-08-30", "2026-08-02", "2026-07-05"), targets);
    }

    @Test
    void sundayCountsBackWholeWeeks() {
        // Sunday 19 Jul 2026: w = 0, the Sundays are 7, 14, 21, 28 days back; the fourth, 21 Jun,
        // is 20622 = 740 * 28 + 14 days after the anchor, so the first mark is 14 days earlier.
        List<Instant> targets = ImportanceTargets.targets(Instant.parse("2026-07-19T00:30:00Z"),
                Instant.parse("2026-05-01T00:00:00Z"));
        assertEquals(middays("2026-07-19", "2026-07-18", "2026-07-17", "2026-07-16", "2026-07-15",
                "2026-07-14", "2026-07-13",
                "2026-07-12", "2026-07-05", "2026-06-28", "2026-06-21",
                "2026-06-07", "2026-05-10", "2026-04-12"), targets);
    }

    @Test
    void marksStopAtTheFirstTargetAtOrBeforeTheOldestSnapshot() {
        // Saturday 18 Jul 2026: w = 6, Sundays 13, 20, 27, 34 days back: 5 Jul .. 14 Jun; first mark
        // 7 Jun. The oldest snapshot is exactly at the 10 May mark: that mark ends the list.
        List<Instant> targets = ImportanceTargets.targets(Instant.parse("2026-07-18T23:59:00Z"),
                Instant.parse("2026-05-10T12:00:00Z"));
        assertEquals(middays("2026-07-18", "2026-07-17", "2026-07-16", "2026-07-15", "2026-07-14",
                "2026-07-13", "2026-07-12",
                "2026-07-05", "2026-06-28", "2026-06-21", "2026-06-14",
                "2026-06-07", "2026-05-10"), targets);
    }

    @Test
    void aRecentOldestSnapshotStillGetsTheFixedTargets() {
        List<Instant> targets = ImportanceTargets.targets(Instant.parse("2026-07-18T08:00:00Z"),
                Instant.parse("2026-07-18T03:00:00Z"));
        assertEquals(12, targets.size());
        assertEquals(Instant.parse("2026-06-07T12:00:00Z"), targets.get(11));
    }
}
