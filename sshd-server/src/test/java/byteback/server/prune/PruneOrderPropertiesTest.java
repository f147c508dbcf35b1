package byteback.server.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * Months of simulated daily backups, pruned by the order to a cap of N snapshots: the kept set
 * follows the SPEC's targets — the last 7 days, the four Sundays, the 28-day marks.
 */
class PruneOrderPropertiesTest {

    /** The SPEC's target days for the day of {@code now}: the last 7, the 4 Sundays, the marks. */
    static final class TargetDays {
        final List<LocalDate> lastWeek = new ArrayList<>();
        final List<LocalDate> sundays = new ArrayList<>();
        final List<LocalDate> marks = new ArrayList<>();

        TargetDays(LocalDate today, LocalDate firstDay) {
            for (int i = 0; i < 7; i++) {
                lastWeek.add(today.minusDays(i));
            }
            LocalDate sunday = today;
            while (sunday.getDayOfWeek() != DayOfWeek.SUNDAY) {
                sunday = sunday.minusDays(1);
            }
            for (int i = 1; i <= 4; i++) {
                sundays.add(sunday.minusWeeks(i));
            }
            // every day at or before the fourth Sunday whose distance from Sunday 4 Jan 1970 is a
            // multiple of 28, back to the first day of the simulation
            for (LocalDate d = sundays.get(3); !d.isBefore(firstDay); d = d.minusDays(1)) {
                if ((d.toEpochDay() - LocalDate.of(1970, 1, 4).toEpochDay()) % 28 == 0) {
                    marks.add(d);
                }
            }
        }

        Set<LocalDate> all() {
            Set<LocalDate> all = new HashSet<>(lastWeek);
            all.addAll(sundays);
            all.addAll(marks);
            return all;
        }
    }

    private static Set<LocalDate> days(List<StoredSnapshot> snapshots) {
        return snapshots.stream().map(BackupSimulation::day).collect(Collectors.toSet());
    }

    @Property(tries = 60)
    void oneClientEveryDayKeepsTheTargetDays(@ForAll @IntRange(min = 60, max = 400) int days,
            @ForAll @IntRange(min = 12, max = 30) int cap, @ForAll @IntRange(min = 1, max = 23) int hour,
            @ForAll @IntRange(min = 0, max = 3000) int startOffset) {
        LocalDate first = LocalDate.of(2020, 1, 1).plusDays(startOffset);
        BackupSimulation sim = BackupSimulation.run(first, days, new int[] {hour}, 0.0, cap, PruneOrder.IMPORTANCE, 0);
        LocalDate today = LocalDate.ofInstant(sim.now, ZoneOffset.UTC);
        TargetDays targets = new TargetDays(today, first);
        Set<LocalDate> kept = days(sim.kept);

        assertEquals(cap, sim.kept.size(), "pruned to exactly the cap");
        assertTrue(kept.containsAll(targets.lastWeek), "the last 7 days: " + kept);
        assertTrue(kept.containsAll(targets.sundays), "the four Sundays: " + kept);
        // Two places may go to neighbours of targets for a while (a fourth Sunday that is itself
        // a mark comes twice), the rest hold the newest marks.
        int marksRoom = cap - 11 - 2;
        List<LocalDate> newestMarks = targets.marks.subList(0, Math.max(0, Math.min(marksRoom, targets.marks.size())));
        assertTrue(kept.containsAll(newestMarks), "the newest 28-day marks " + newestMarks + ": " + kept);
        if (cap >= 11 + targets.marks.size() + 2) {
            assertTrue(kept.containsAll(targets.marks), "every 28-day mark " + targets.marks + ": " + kept);
        }
    }

    @Property(tries = 40)
    void severalClientsWithMissedDaysKeepEveryTargetDaySnapshotWhenThereIsRoom(
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 1, max = 23) Integer> hours,
            @ForAll @IntRange(min = 40, max = 300) int days,
            @ForAll @DoubleRange(min = 0.0, max = 0.5) double missChance,
            @ForAll long seed) {
        int clients = hours.size();
        LocalDate first = LocalDate.of(2024, 3, 1);
        int marks = days / 28 + 2;
        int cap = clients * (11 + marks + 2);
        BackupSimulation sim = BackupSimulation.run(first, days, hours.stream().mapToInt(i -> i).toArray(),
                missChance, cap, PruneOrder.IMPORTANCE, seed);
        LocalDate today = LocalDate.ofInstant(sim.now, ZoneOffset.UTC);
        Set<LocalDate> targetDays = new TargetDays(today, first).all();

        assertTrue(sim.kept.size() <= cap);
        for (StoredSnapshot made : sim.made) {
            if (targetDays.contains(BackupSimulation.day(made))) {
                assertTrue(sim.kept.contains(made), made + " was made on a target day but is gone");
            }
        }
        assertNewestOfEachClientKept(sim);
    }

    @Property(tries = 40)
    void severalClientsWithMissedDaysAndATightCapKeepTheLastWeekAndTheSundays(
            @ForAll @Size(min = 2, max = 4) List<@IntRange(min = 1, max = 23) Integer> hours,
            @ForAll @IntRange(min = 40, max = 300) int days,
            @ForAll @DoubleRange(min = 0.0, max = 0.5) double missChance,
            @ForAll @IntRange(min = 0, max = 6) int spare,
            @ForAll long seed) {
        int clients = hours.size();
        int cap = clients * 11 + spare;
        LocalDate first = LocalDate.of(2025, 6, 1);
        BackupSimulation sim = BackupSimulation.run(first, days, hours.stream().mapToInt(i -> i).toArray(),
                missChance, cap, PruneOrder.IMPORTANCE, seed);
        LocalDate today = LocalDate.ofInstant(sim.now, ZoneOffset.UTC);
        TargetDays targets = new TargetDays(today, first);
        Set<LocalDate> recent = new HashSet<>(targets.lastWeek);
        recent.addAll(targets.sundays);

        assertTrue(sim.kept.size() <= cap);
        for (StoredSnapshot made : sim.made) {
            if (recent.contains(BackupSimulation.day(made))) {
                assertTrue(sim.kept.contains(made), made + " (last week or a Sunday) is gone");
            }
        }
        assertNewestOfEachClientKept(sim);
    }

    @Property(tries = 30)
    void aCapBelowTheNumberOfClientsStillKeepsEachClientsNewest(
            @ForAll @Size(min = 2, max = 5) List<@IntRange(min = 1, max = 23) Integer> hours,
            @ForAll @IntRange(min = 10, max = 60) int days, @ForAll long seed) {
        BackupSimulation sim = BackupSimulation.run(LocalDate.of(2026, 1, 1), days,
                hours.stream().mapToInt(i -> i).toArray(), 0.3, 1, PruneOrder.IMPORTANCE, seed);
        assertEquals(hours.size(), sim.kept.size());
        assertNewestOfEachClientKept(sim);
    }

    @Property(tries = 30)
    void ageOrderKeepsTheNewest(@ForAll @Size(min = 1, max = 3) List<@IntRange(min = 1, max = 23) Integer> hours,
            @ForAll @IntRange(min = 10, max = 120) int days, @ForAll @IntRange(min = 4, max = 40) int cap,
            @ForAll long seed) {
        BackupSimulation sim = BackupSimulation.run(LocalDate.of(2026, 1, 1), days,
                hours.stream().mapToInt(i -> i).toArray(), 0.2, cap, PruneOrder.AGE, seed);
        List<StoredSnapshot> newest = new ArrayList<>(sim.made);
        newest.sort(StoredSnapshot.NEWEST_FIRST);
        Set<StoredSnapshot> expected = new HashSet<>(newest.subList(0, Math.min(cap, newest.size())));
        Map<String, StoredSnapshot> newestOfClient = newestOfEachClient(sim.made);
        expected.addAll(newestOfClient.values());
        if (expected.size() > cap) {
            // each client's newest is protected: the oldest of the plain newest-N make room for them
            assertTrue(sim.kept.containsAll(newestOfClient.values()));
        } else {
            assertEquals(expected, new HashSet<>(sim.kept));
        }
    }

    @Property(tries = 50)
    void everyOrderIsAPermutationStartingWithANewestSnapshot(
            @ForAll @Size(min = 1, max = 4) List<@IntRange(min = 0, max = 23) Integer> hours,
            @ForAll @IntRange(min = 1, max = 90) int days, @ForAll long seed) {
        BackupSimulation sim = BackupSimulation.run(LocalDate.of(2026, 1, 1), days,
                hours.stream().mapToInt(i -> i).toArray(), 0.4, Integer.MAX_VALUE, PruneOrder.IMPORTANCE, seed);
        List<StoredSnapshot> order = PruneOrder.IMPORTANCE.order(sim.made, sim.now);
        assertEquals(sim.made.size(), order.size());
        assertEquals(new HashSet<>(sim.made), new HashSet<>(order));
        assertEquals(sim.made.stream().max(StoredSnapshot.NEWEST_FIRST.reversed()).orElseThrow().time().getEpochSecond() / 86400,
                order.get(0).time().getEpochSecond() / 86400, "today's is the most important");
    }

    private static Map<String, StoredSnapshot> newestOfEachClient(List<StoredSnapshot> snapshots) {
        return snapshots.stream().collect(Collectors.toMap(StoredSnapshot::client, s -> s,
                (x, y) -> x.time().isAfter(y.time()) ? x : y));
    }

    private static void assertNewestOfEachClientKept(BackupSimulation sim) {
        for (StoredSnapshot newest : newestOfEachClient(sim.made).values()) {
            assertTrue(sim.kept.contains(newest), "a client's newest was deleted: " + newest);
        }
    }
}
