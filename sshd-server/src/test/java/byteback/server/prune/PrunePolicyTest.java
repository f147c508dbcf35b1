package byteback.server.prune;

import static byteback.server.prune.BackupSimulation.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PrunePolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-26T15:00:00Z");
    private static final long MIB = 1L << 20;
    private static final long TOTAL = 1000 * MIB;
    private static final PrunePolicy POLICY = new PrunePolicy(PruneSettings.DEFAULTS);

    private static final StoredSnapshot A_OLD = snapshot("a", Instant.parse("2026-10-01T03:00:00Z"));
    private static final StoredSnapshot A_MID = snapshot("a", Instant.parse("2026-11-10T03:00:00Z"));
    private static final StoredSnapshot A_NEW = snapshot("a", Instant.parse("2026-11-26T03:00:00Z"));
    private static final StoredSnapshot B_OLD = snapshot("b", Instant.parse("2026-09-01T03:00:00Z"));
    private static final StoredSnapshot B_NEW = snapshot("b", Instant.parse("2026-11-26T04:00:00Z"));
    private static final List<StoredSnapshot> ALL = List.of(A_OLD, A_MID, A_NEW, B_OLD, B_NEW);

    /** Readings every 5 minutes for {@code minutes} up to NOW, all at {@code available}. */
    private static DiskSpaceHistory steady(int minutes, long available) {
        DiskSpaceHistory h = new DiskSpaceHistory();
        for (int m = minutes; m >= 0; m -= 5) {
            h.record(new SpaceReading(NOW.minus(Duration.ofMinutes(m)), TOTAL, available));
        }
        return h;
    }

    @Test
    void pruningStartsAtTheLowMarkAndDeletesTheLeastImportant() {
        PruneDecision d = POLICY.decide(PruneMode.SCHEDULED, steady(60, 50 * MIB), ALL, false, NOW);
        assertTrue(d.pruning());
        // importance: b is newest, so per target b then a; B_OLD (1 Sep) is nearest to the last marks
        assertEquals(Optional.of(A_OLD), d.delete(), d.reason());
        assertTrue(d.reason().contains("5.0% free"), d.reason());
    }

    @Test
    void aboveTheLowMarkNothingStartsAndBetweenTheMarksPruningContinues() {
        assertEquals(Optional.empty(), POLICY.decide(PruneMode.SCHEDULED, steady(60, 51 * MIB), ALL, false, NOW).delete());
        PruneDecision continuing = POLICY.decide(PruneMode.SCHEDULED, steady(60, 99 * MIB), ALL, true, NOW);
        assertTrue(continuing.delete().isPresent());
        PruneDecision stop = POLICY.decide(PruneMode.SCHEDULED, steady(60, 100 * MIB), ALL, true, NOW);
        assertFalse(stop.pruning());
        assertEquals(Optional.empty(), stop.delete(), stop.reason());
    }

    @Test
    void lessThanHalfAnHourOfHistoryDeletesNothing() {
        PruneDecision d = POLICY.decide(PruneMode.SCHEDULED, steady(25, 10 * MIB), ALL, false, NOW);
        assertTrue(d.pruning());
        assertEquals(Optional.empty(), d.delete());
        assertTrue(d.reason().contains("history"), d.reason());
    }

    @Test
    void freeSpaceStillChangingDeletesNothing() {
        DiskSpaceHistory falling = steady(60, 60 * MIB);
        falling.record(new SpaceReading(NOW.plus(Duration.ofMinutes(1)), TOTAL, 40 * MIB));
        PruneDecision d = POLICY.decide(PruneMode.SCHEDULED, falling, ALL, false, NOW.plus(Duration.ofMinutes(1)));
        assertEquals(Optional.empty(), d.delete());
        assertTrue(d.reason().contains("falling"), d.reason());

        DiskSpaceHistory rising = steady(60, 30 * MIB);
        rising.record(new SpaceReading(NOW.plus(Duration.ofMinutes(1)), TOTAL, 45 * MIB));
        PruneDecision r = POLICY.decide(PruneMode.SCHEDULED, rising, ALL, true, NOW.plus(Duration.ofMinutes(1)));
        assertEquals(Optional.empty(), r.delete());
        assertTrue(r.reason().contains("rising"), r.reason());
    }

    @Test
    void nothingOlderThanAWeekDeletesNothing() {
        List<StoredSnapshot> young = List.of(snapshot("a", NOW.minus(Duration.ofDays(6))), A_NEW, B_NEW);
        PruneDecision d = POLICY.decide(PruneMode.SCHEDULED, steady(60, 10 * MIB), young, false, NOW);
        assertEquals(Optional.empty(), d.delete());
        assertTrue(d.reason().contains("7 days"), d.reason());
    }

    @Test
    void aBackupShortOfSpaceIgnoresHistoryGradientAndAgeButNotTheNewest() {
        DiskSpaceHistory justStarted = new DiskSpaceHistory();
        justStarted.record(new SpaceReading(NOW, TOTAL, 60 * MIB));
        List<StoredSnapshot> young = new ArrayList<>(List.of(snapshot("a", NOW.minus(Duration.ofDays(1))), A_NEW, B_NEW));
        PruneDecision d = POLICY.decide(PruneMode.LOW_SPACE_DURING_BACKUP, justStarted, young, false, NOW);
        assertEquals(Optional.of(young.get(0)), d.delete(), d.reason());
        PruneDecision none = POLICY.decide(PruneMode.LOW_SPACE_DURING_BACKUP, justStarted, List.of(A_NEW, B_NEW), false, NOW);
        assertEquals(Optional.empty(), none.delete());
        assertTrue(none.reason().contains("newest"), none.reason());
    }

    @Test
    void forcedDeletesRegardlessButNeverAClientsNewest() {
        DiskSpaceHistory plenty = new DiskSpaceHistory();
        plenty.record(new SpaceReading(NOW, TOTAL, 900 * MIB));
        assertEquals(Optional.of(A_OLD), POLICY.decide(PruneMode.FORCED, plenty, ALL, false, NOW).delete());
        assertEquals(Optional.empty(), POLICY.decide(PruneMode.FORCED, plenty, List.of(A_NEW, B_NEW), false, NOW).delete());
    }

    @Test
    void theNewestIsProtectedEvenWhenTheOrderPutsItLast() {
        // 08:00 today is never taken (see PruneOrderTest) and comes last, but it is a's newest
        // only if nothing is newer; here 10:00 is the newest so 08:00 goes.
        StoredSnapshot ten = snapshot("a", Instant.parse("2026-11-26T10:00:00Z"));
        StoredSnapshot eight = snapshot("a", Instant.parse("2026-11-26T08:00:00Z"));
        StoredSnapshot yesterday = snapshot("a", Instant.parse("2026-11-25T10:00:00Z"));
        assertEquals(Optional.of(eight), PrunePolicy.leastImportantDeletable(
                PruneOrder.IMPORTANCE.order(List.of(ten, eight, yesterday), NOW)));
        // a newest that the order puts last: 16:00 today is farther from midday than 11:00
        StoredSnapshot sixteen = snapshot("b", Instant.parse("2026-11-26T16:00:00Z"));
        StoredSnapshot eleven = snapshot("b", Instant.parse("2026-11-26T11:00:00Z"));
        List<StoredSnapshot> order = PruneOrder.IMPORTANCE.order(List.of(sixteen, eleven), NOW);
        assertEquals(List.of(eleven, sixteen), order);
        assertEquals(Optional.of(eleven), PrunePolicy.leastImportantDeletable(order));
    }

    @Test
    void ageOrderDeletesTheOldest() {
        PrunePolicy byAge = new PrunePolicy(new PruneSettings(5, 10, PruneOrder.AGE));
        assertEquals(Optional.of(B_OLD), byAge.decide(PruneMode.SCHEDULED, steady(60, 10 * MIB), ALL, false, NOW).delete());
    }
}
