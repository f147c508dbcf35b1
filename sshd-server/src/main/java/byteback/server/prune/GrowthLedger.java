package byteback.server.prune;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a client's completed backups made the filesystem use, and when: the size guard's measure
 * of the client's stored size and of its growth over a window. Backups older than any window
 * still asked about are folded into {@code base}; so is everything when the administrator allows
 * growth (the window starts again from there). Pure and immutable.
 *
 * @param base    bytes of backups folded in
 * @param folded  whether any backup was folded in (a first backup may have cost nothing)
 * @param backups later backups, oldest first
 */
public record GrowthLedger(long base, boolean folded, List<Backup> backups) {
    /** A hard bound on what one client's ledger holds, whatever the snapshot rate. */
    static final int MAXIMUM_BACKUPS = 1000;

    public static final GrowthLedger EMPTY = new GrowthLedger(0, false, List.of());

    /** One completed backup: when its snapshot was made and what it cost. */
    public record Backup(Instant time, long bytes) {}

    public GrowthLedger {
        if (base < 0) throw new IllegalArgumentException("negative base");
        backups = List.copyOf(backups);
    }

    /**
     * A backup of {@code bytes} completed at {@code time}. Past the bound, the two oldest are
     * merged at the later one's time (which only makes the guard stricter).
     */
    public GrowthLedger plus(Instant time, long bytes) {
        List<Backup> list = new ArrayList<>(backups);
        list.add(new Backup(time, Math.max(0, bytes)));
        while (list.size() > MAXIMUM_BACKUPS) {
            Backup a = list.remove(0);
            Backup b = list.remove(0);
            list.add(0, new Backup(b.time(), saturated(a.bytes(), b.bytes())));
        }
        return new GrowthLedger(base, folded, list);
    }

    /** Backups at or before {@code horizon} folded into the base (they can no longer be in a window). */
    public GrowthLedger foldedBefore(Instant horizon) {
        long sum = base;
        int first = 0;
        while (first < backups.size() && !backups.get(first).time().isAfter(horizon)) {
            sum = saturated(sum, backups.get(first).bytes());
            first++;
        }
        return first == 0 ? this : new GrowthLedger(sum, true, backups.subList(first, backups.size()));
    }

    /** Everything folded into the base: growth is measured afresh from now (allow-growth). */
    public GrowthLedger restarted() {
        return foldedBefore(Instant.MAX);
    }

    /** Whether no backup of the client has completed (or been folded in). */
    public boolean isEmpty() {
        return !folded && backups.isEmpty();
    }

    /** Everything the client's backups made the filesystem use. */
    public long total() {
        return foldedBefore(Instant.MAX).base();
    }

    static long saturated(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
