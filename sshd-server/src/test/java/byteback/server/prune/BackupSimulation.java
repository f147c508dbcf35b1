package byteback.server.prune;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Months of daily backups in simulated time: each day every client that does not miss the day
 * makes one snapshot at its hour; then snapshots are deleted by the order, least important first
 * and never a client's newest, until at most {@code cap} remain.
 */
final class BackupSimulation {
    final List<StoredSnapshot> kept = new ArrayList<>();
    final List<StoredSnapshot> made = new ArrayList<>();
    final List<StoredSnapshot> deleted = new ArrayList<>();
    Instant now;

    static StoredSnapshot snapshot(String client, Instant time) {
        return new StoredSnapshot(client, time, Path.of("/store", client, time.toString()));
    }

    /**
     * @param hours      each client's backup hour of day (UTC), 1..23
     * @param missChance chance in [0,1) that a client misses a day
     */
    static BackupSimulation run(LocalDate firstDay, int days, int[] hours, double missChance, int cap,
            PruneOrder order, long seed) {
        BackupSimulation sim = new BackupSimulation();
        Random random = new Random(seed);
        for (int day = 0; day < days; day++) {
            LocalDate date = firstDay.plusDays(day);
            for (int c = 0; c < hours.length; c++) {
                boolean first = day == 0;
                if (!first && random.nextDouble() < missChance) {
                    continue;
                }
                Instant time = date.atStartOfDay().toInstant(ZoneOffset.UTC).plus(Duration.ofHours(hours[c]));
                StoredSnapshot s = snapshot("client" + c, time);
                sim.kept.add(s);
                sim.made.add(s);
            }
            sim.now = date.atStartOfDay().toInstant(ZoneOffset.UTC).plus(Duration.ofHours(23).plusMinutes(30));
            while (sim.kept.size() > cap) {
                var victim = PrunePolicy.leastImportantDeletable(order.order(sim.kept, sim.now));
                if (victim.isEmpty()) {
                    break;
                }
                sim.kept.remove(victim.get());
                sim.deleted.add(victim.get());
            }
        }
        return sim;
    }

    static LocalDate day(StoredSnapshot s) {
        return LocalDate.ofInstant(s.time(), ZoneOffset.UTC);
    }
}
