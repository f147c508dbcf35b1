package byteback.server.prune;

import java.util.Optional;

/**
 * What the policy decided: the snapshot to delete now (if any), why (or why not), and whether the
 * store is pruning (the hysteresis state, between the low and the high mark).
 */
public record PruneDecision(Optional<StoredSnapshot> delete, String reason, boolean pruning) {

    static PruneDecision keep(String reason, boolean pruning) {
        return new PruneDecision(Optional.empty(), reason, pruning);
    }

    static PruneDecision delete(StoredSnapshot snapshot, String reason, boolean pruning) {
        return new PruneDecision(Optional.of(snapshot), reason, pruning);
    }
}
