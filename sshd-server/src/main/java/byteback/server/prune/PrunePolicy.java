package byteback.server.prune;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, one snapshot at a time, whether to delete one and which (SPEC section 6). Pure: the
 * free-space history, the snapshots, the hysteresis state and the time come in; a decision goes out.
 * Mirrors the decisions of the original's bin/byteback-prune.
 */
public final class PrunePolicy {
    /** Less history than this and nothing is deleted (unless forced). */
    public static final Duration MINIMUM_HISTORY = Duration.ofMinutes(30);
    /** The window of the gradient that must be zero (btrfs frees space lazily). */
    public static final Duration GRADIENT_WINDOW = Duration.ofMinutes(30);
    /** Unless a snapshot is older than this, nothing is deleted (unless forced). */
    public static final Duration MINIMUM_AGE = Duration.ofDays(7);

    private final PruneSettings settings;

    public PrunePolicy(PruneSettings settings) {
        this.settings = settings;
    }

    public PruneSettings settings() {
        return settings;
    }

    /**
     * @param history   free-space readings; its latest reading is the current free space
     * @param snapshots every snapshot of every client
     * @param pruning   whether the store was pruning (free space fell to the low mark and has not
     *                  reached the high mark since)
     */
    public PruneDecision decide(PruneMode mode, DiskSpaceHistory history, List<StoredSnapshot> snapshots,
            boolean wasPruning, Instant now) {
        boolean pruning = wasPruning;
        List<StoredSnapshot> ordered = settings.order().order(snapshots, now);
        Optional<StoredSnapshot> victim = leastImportantDeletable(ordered);
        if (mode == PruneMode.FORCED) {
            return victim.map(s -> PruneDecision.delete(s, "forced (prune --prune-force), least important by "
                            + settings.order().label() + " of " + ordered.size(), wasPruning))
                    .orElseGet(() -> PruneDecision.keep(nothingDeletable(ordered), wasPruning));
        }
        SpaceReading free = history.latest().orElseThrow(
                () -> new IllegalArgumentException("no disc space reading to decide on"));
        int min = settings.minPercent();
        int max = settings.maxPercent();
        if (!pruning && (free.atOrBelow(min) || mode == PruneMode.LOW_SPACE_DURING_BACKUP)) {
            pruning = true;
        } else if (pruning && free.atOrAbove(max)) {
            return PruneDecision.keep("stopped pruning: " + free.describe() + " reached " + max + "%", false);
        }
        if (!pruning) {
            return PruneDecision.keep(free.describe() + ", above " + min + "%: nothing to do", false);
        }
        String why = free.describe() + ", pruning from " + min + "% until " + max + "%";
        if (mode == PruneMode.SCHEDULED) {
            if (history.span().compareTo(MINIMUM_HISTORY) < 0) {
                return PruneDecision.keep(why + "; but only " + minutes(history.span())
                        + " min of disc space history, need 30", true);
            }
            Instant weekAgo = now.minus(MINIMUM_AGE);
            if (snapshots.stream().noneMatch(s -> s.time().isBefore(weekAgo))) {
                return PruneDecision.keep(why + "; but no snapshot is older than 7 days", true);
            }
            long gradient = history.gradient(GRADIENT_WINDOW);
            if (gradient != 0) {
                return PruneDecision.keep(why + "; but free space is still " + (gradient > 0 ? "falling" : "rising")
                        + " (30-minute gradient " + gradient + ")", true);
            }
        }
        String because = mode == PruneMode.LOW_SPACE_DURING_BACKUP ? why + ", a backup needs the space" : why;
        boolean stillPruning = true;
        return victim.map(s -> PruneDecision.delete(s, because + "; least important by "
                        + settings.order().label() + " of " + ordered.size(), stillPruning))
                .orElseGet(() -> PruneDecision.keep(because + "; " + nothingDeletable(ordered), stillPruning));
    }

    /** The next to delete: the last snapshot of the order that is not its client's newest. */
    public static Optional<StoredSnapshot> leastImportantDeletable(List<StoredSnapshot> ordered) {
        Map<String, Instant> newest = new HashMap<>();
        for (StoredSnapshot s : ordered) {
            newest.merge(s.client(), s.time(), (a, b) -> a.isAfter(b) ? a : b);
        }
        // A client's newest is protected; if two share its newest time, only one of them is.
        Map<String, StoredSnapshot> protectedOne = new HashMap<>();
        for (StoredSnapshot s : ordered) {
            if (s.time().equals(newest.get(s.client()))) {
                protectedOne.putIfAbsent(s.client(), s);
            }
        }
        for (int i = ordered.size() - 1; i >= 0; i--) {
            StoredSnapshot s = ordered.get(i);
            if (protectedOne.get(s.client()) != s) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    private static String nothingDeletable(List<StoredSnapshot> ordered) {
        return ordered.isEmpty() ? "there are no snapshots to delete"
                : "nothing deletable: each of the " + ordered.size() + " snapshots is its client's newest";
    }

    private static long minutes(Duration d) {
        return d.toMinutes();
    }
}
