package byteback.server.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The size guard's decision (pure): the sudden rule, the growth window, allow-growth. */
class SizeGuardTest {
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;
    private static final Instant T0 = Instant.parse("2026-01-05T00:00:00Z");
    private static final SizeGuard GUARD = SizeGuard.DEFAULT;

    /** One client backing up every {@code every}, its backups' sizes given by {@code size(k)}; where the guard stops it. */
    private record Run(int stoppedAt, Instant when, SizeGuard.Refusal why) {}

    private interface Sizes {
        long of(int backup);
    }

    private static Run run(SizeGuard guard, Duration every, int backups, Sizes size, boolean needsRoom) {
        GrowthLedger ledger = GrowthLedger.EMPTY;
        long largest = 0;
        Instant now = T0;
        for (int k = 0; k < backups; k++) {
            long bytes = size.of(k);
            Optional<SizeGuard.Refusal> r = guard.check(ledger, largest, 0, bytes, needsRoom, false, now);
            if (r.isPresent()) return new Run(k, now, r.get());
            ledger = guard.completed(ledger, bytes, false, now);
            largest = Math.max(largest, bytes);
            now = now.plus(every);
        }
        return new Run(-1, now, null);
    }

    @Test
    void aClientDoublingEverySixHoursIsStoppedWithinDaysByTheWindowButNeverByTheSuddenRule() {
        // it starts with 64 MiB and each backup adds as much as it held: every backup is exactly twice the last
        Sizes doubling = k -> k == 0 ? 64 * MIB : 64 * MIB << (k - 1);
        Run sudden = run(new SizeGuard(GrowthLimit.DEFAULT, new GrowthWindow(Duration.ofDays(100_000), 1e12)),
                Duration.ofHours(6), 20, doubling, true);
        assertEquals(-1, sudden.stoppedAt(), "twice the largest is never 'more than twice': the old guard lets it through");

        Run window = run(GUARD, Duration.ofHours(6), 40, doubling, false);
        assertTrue(window.stoppedAt() > 0, "stopped, with a disc far from full: " + window);
        assertEquals(SizeGuard.Rule.WINDOW, window.why().rule());
        assertTrue(Duration.between(T0, window.when()).compareTo(Duration.ofDays(3)) <= 0,
                "stopped within 3 days: " + window);
        // what it had stored by then: at most the floor (1 GiB) past twice what it held a week before
        assertTrue(window.why().bytes() > GIB, "not before it passes the floor: " + window);
        assertTrue((64 * MIB << (window.stoppedAt() - 1)) <= 4 * GIB, "stopped before it stores 4 GiB: " + window);
    }

    @Test
    void honestClientsAreNeverStopped() {
        // a full first backup of 40 GiB, then 2 % a day of new data and 1 GiB a day of churn, for 90 days
        Run steady = run(GUARD, Duration.ofDays(1), 90, k -> k == 0 ? 40 * GIB : GIB + 40 * GIB / 50, false);
        assertEquals(-1, steady.stoppedAt(), () -> "stopped: " + steady);
        // a small client (10 MiB) whose backups stay under the floor, however fast they grow relatively
        Run small = run(GUARD, Duration.ofHours(1), 24 * 14, k -> k == 0 ? 10 * MIB : 2 * MIB, false);
        assertEquals(-1, small.stoppedAt(), () -> "stopped: " + small);
    }

    @Test
    void aFirstBackupIsHeldOnlyByTheSuddenRuleAndOnlyWhenItNeedsRoom() {
        assertEquals(Optional.empty(), GUARD.check(GrowthLedger.EMPTY, 0, 500 * GIB, GIB, false, false, T0));
        assertEquals(SizeGuard.Rule.SUDDEN,
                GUARD.check(GrowthLedger.EMPTY, 0, 500 * GIB, GIB, true, false, T0).orElseThrow().rule());
        assertEquals(Optional.empty(), GUARD.check(GrowthLedger.EMPTY, 0, 500 * MIB, MIB, true, false, T0),
                "under the floor");
    }

    @Test
    void aFloodOfMetadataCountsLikeData() {
        // a 100 MiB client whose next backup sends entries at 804 bytes each: stopped past the floor
        GrowthLedger ledger = GUARD.completed(GrowthLedger.EMPTY, 100 * MIB, false, T0);
        Instant later = T0.plus(Duration.ofDays(1));
        long entry = byteback.rsync.store.MetadataCost.entry(6);
        long pending = 0;
        int entries = 0;
        while (GUARD.check(ledger, 100 * MIB, pending, entry, false, false, later).isEmpty()) {
            pending += entry;
            entries++;
        }
        assertEquals(GIB / entry, entries, "exactly as many entries as fit in the floor");
    }

    @Test
    void theWindowSlidesAndAllowGrowthStartsItAfresh() {
        GrowthLedger ledger = GUARD.completed(GrowthLedger.EMPTY, 10 * GIB, false, T0);
        Instant day1 = T0.plus(Duration.ofDays(1));
        assertTrue(GUARD.check(ledger, 10 * GIB, 0, 10 * GIB, false, false, day1).isEmpty(), "doubling in a week: allowed");
        SizeGuard.Refusal r = GUARD.check(ledger, 10 * GIB, 0, 10 * GIB + 1, false, false, day1).orElseThrow();
        assertEquals(new SizeGuard.Refusal(SizeGuard.Rule.WINDOW, 10 * GIB + 1, 10 * GIB, 10 * GIB), r);
        assertTrue(GUARD.check(ledger, 10 * GIB, 0, 10 * GIB + 1, false, true, day1).isEmpty(), "allow-growth lifts it");

        ledger = GUARD.completed(ledger, 10 * GIB, false, day1);
        Instant day5 = T0.plus(Duration.ofDays(5));
        assertTrue(GUARD.check(ledger, 10 * GIB, 0, 1, false, false, day5).isPresent(), "the window is used up");
        Instant day9 = T0.plus(Duration.ofDays(9));
        assertTrue(GUARD.check(ledger, 10 * GIB, 0, 20 * GIB, false, false, day9).isEmpty(),
                "a week later both backups are the stored size (20 GiB): another 20 GiB may come");
        assertTrue(GUARD.check(ledger, 10 * GIB, 0, 20 * GIB + 1, false, false, day9).isPresent());

        GrowthLedger allowed = GUARD.completed(ledger, 50 * GIB, true, day5);
        assertEquals(new GrowthLedger(70 * GIB, true, java.util.List.of()), allowed, "all folded into the stored size");
        assertTrue(GUARD.check(allowed, 50 * GIB, 0, 70 * GIB, false, false, day5).isEmpty());
        assertTrue(GUARD.check(allowed, 50 * GIB, 0, 70 * GIB + 1, false, false, day5).isPresent());
    }

    @Test
    void aStoppedBackupStillCountsSoRetriesStayStopped() {
        GrowthLedger ledger = GUARD.completed(GrowthLedger.EMPTY, 2 * GIB, false, T0);
        Instant day1 = T0.plus(Duration.ofDays(1));
        assertTrue(GUARD.check(ledger, 2 * GIB, 3 * GIB, 1, false, false, day1).isPresent());
        ledger = GUARD.completed(ledger, 3 * GIB, false, day1); // its snapshot was taken anyway
        assertTrue(GUARD.check(ledger, 2 * GIB, 0, 1, false, false, day1.plusSeconds(60)).isPresent());
    }

    @Test
    void theLedgerStaysBoundedAndOnlyStricter() {
        GrowthLedger ledger = GrowthLedger.EMPTY;
        for (int i = 0; i < 3 * GrowthLedger.MAXIMUM_BACKUPS; i++) {
            ledger = GUARD.completed(ledger, MIB, false, T0.plusSeconds(i));
        }
        assertEquals(GrowthLedger.MAXIMUM_BACKUPS, ledger.backups().size());
        assertEquals(3L * GrowthLedger.MAXIMUM_BACKUPS * MIB, ledger.total());
    }

    @Test
    void theRefusalSaysWhyAndHowToAllowIt() {
        String m = GUARD.windowRefusal("web1", new SizeGuard.Refusal(SizeGuard.Rule.WINDOW, 3 * GIB, GIB, GIB),
                "byteback-server allow-growth --root /r --name web1");
        assertTrue(m.contains("web1") && m.contains("3.0 GiB") && m.contains("7 days") && m.contains("100%"), m);
        assertTrue(m.contains("byteback-server allow-growth --root /r --name web1"), m);
        assertEquals("6 hours", SizeGuard.describe(Duration.ofHours(6)));
    }

    /** Property: growth at or under the allowance is never stopped, just over it always is (disc not full). */
    @Property(tries = 500)
    void theWindowStopsExactlyPastItsAllowance(@ForAll @LongRange(min = 1, max = 1L << 44) long first,
            @ForAll @IntRange(min = 0, max = 20) int backups, @ForAll @LongRange(min = 0, max = 1L << 36) long each,
            @ForAll @IntRange(min = 1, max = 30) int days) {
        GrowthLedger ledger = GUARD.completed(GrowthLedger.EMPTY, first, false, T0);
        Instant now = T0.plus(Duration.ofDays(days));
        long inWindow = 0;
        for (int i = 0; i < backups; i++) {
            Instant t = now.minus(Duration.ofHours(i + 1L));
            if (t.isAfter(T0)) {
                ledger = ledger.plus(t, each);
                inWindow += each;
            }
        }
        ledger = new GrowthLedger(ledger.base(), ledger.folded(), ledger.backups().stream()
                .sorted(java.util.Comparator.comparing(GrowthLedger.Backup::time)).toList());
        long allowance = Math.max(GIB, first); // the first backup is the stored size, in the window or before it
        long room = allowance - inWindow;
        if (room >= 0) {
            assertTrue(GUARD.check(ledger, first, 0, room, false, false, now).isEmpty());
            assertTrue(GUARD.check(ledger, first, room, 1, false, false, now).isPresent());
        } else {
            assertTrue(GUARD.check(ledger, first, 0, 1, false, false, now).isPresent());
        }
    }
}
