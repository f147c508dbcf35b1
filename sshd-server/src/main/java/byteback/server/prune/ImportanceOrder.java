package byteback.server.prune;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The importance order over all clients together (SPEC section 6). For each target of
 * {@link ImportanceTargets}, and for each client in the order of their newest snapshots (newest
 * first), the client's not yet taken snapshot nearest in time to the target is the next most
 * important, provided it is older than the one last taken for that client; otherwise that client
 * takes nothing for this target. Snapshots never taken follow, newest first across all clients.
 */
final class ImportanceOrder {
    private ImportanceOrder() {}

    static List<StoredSnapshot> order(Collection<StoredSnapshot> snapshots, Instant now) {
        if (snapshots.isEmpty()) {
            return List.of();
        }
        List<StoredSnapshot> newestFirst = new ArrayList<>(snapshots);
        newestFirst.sort(StoredSnapshot.NEWEST_FIRST);
        // Clients in the order of their newest snapshots: the first time a client appears in the
        // newest-first list is its newest snapshot.
        Map<String, List<StoredSnapshot>> byClient = new LinkedHashMap<>();
        for (StoredSnapshot s : newestFirst) {
            byClient.computeIfAbsent(s.client(), c -> new ArrayList<>()).add(s);
        }
        Instant oldest = newestFirst.get(newestFirst.size() - 1).time();

        List<StoredSnapshot> result = new ArrayList<>(snapshots.size());
        Set<StoredSnapshot> taken = new HashSet<>();
        Map<String, StoredSnapshot> lastTaken = new LinkedHashMap<>();
        for (Instant target : ImportanceTargets.targets(now, oldest)) {
            for (Map.Entry<String, List<StoredSnapshot>> client : byClient.entrySet()) {
                StoredSnapshot nearest = nearest(client.getValue(), taken, target);
                if (nearest == null) {
                    continue;
                }
                StoredSnapshot last = lastTaken.get(client.getKey());
                if (last == null || nearest.time().isBefore(last.time())) {
                    lastTaken.put(client.getKey(), nearest);
                    taken.add(nearest);
                    result.add(nearest);
                }
            }
        }
        for (StoredSnapshot s : newestFirst) {
            if (!taken.contains(s)) {
                result.add(s);
            }
        }
        return result;
    }

    /** The not yet taken snapshot nearest to the target; of two equally near, the newer. */
    private static StoredSnapshot nearest(List<StoredSnapshot> newestFirst, Set<StoredSnapshot> taken,
            Instant target) {
        StoredSnapshot best = null;
        long bestDistance = Long.MAX_VALUE;
        for (StoredSnapshot s : newestFirst) {
            if (taken.contains(s)) {
                continue;
            }
            long distance = Math.abs(s.time().getEpochSecond() - target.getEpochSecond());
            if (distance < bestDistance) {
                best = s;
                bestDistance = distance;
            }
        }
        return best;
    }

}
