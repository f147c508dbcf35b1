package byteback.server.diff;

import java.util.List;

/**
 * Which two trees of a client a diff compares, from the names given (none, one or two) and the
 * client's snapshots: {@code current} or a snapshot's exact name. Pure.
 *
 * <ul>
 *   <li>no name: the two newest snapshots (with only one snapshot: it and {@code current});
 *   <li>one name: that one and the newest snapshot (or {@code current} when it is the newest);
 *   <li>two names: those, in that order (the changes from the first to the second).
 * </ul>
 */
public final class DiffSelection {
    public static final String CURRENT = "current";

    private DiffSelection() {}

    /** The two names, older (from) first. */
    public record Pair(String from, String to) {}

    /**
     * @param snapshots the client's snapshot names, oldest first
     * @throws IllegalArgumentException with a message for the user when the names do not fit
     */
    public static Pair choose(List<String> args, List<String> snapshots) {
        if (args.size() > 2) throw new IllegalArgumentException("a diff compares two snapshots; give at most two names");
        for (String a : args) {
            if (!a.equals(CURRENT) && !snapshots.contains(a)) {
                throw new IllegalArgumentException("no snapshot named \"" + a + "\"" + (snapshots.isEmpty()
                        ? " (there are no snapshots yet)"
                        : "; the snapshots are " + String.join(", ", snapshots) + " (and current)"));
            }
        }
        int n = snapshots.size();
        if (args.size() == 2) return new Pair(args.get(0), args.get(1));
        if (args.size() == 1) {
            String a = args.get(0);
            String newest = n == 0 ? CURRENT : snapshots.get(n - 1);
            return new Pair(a, a.equals(newest) ? CURRENT : newest);
        }
        if (n == 0) throw new IllegalArgumentException("there are no snapshots yet; name two trees (e.g. a snapshot and current)");
        if (n == 1) return new Pair(snapshots.get(0), CURRENT);
        return new Pair(snapshots.get(n - 2), snapshots.get(n - 1));
    }
}
