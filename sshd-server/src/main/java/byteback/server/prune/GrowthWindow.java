package byteback.server.prune;

import java.time.Duration;

/**
 * The size guard's second rule (SPEC section 9): over any {@code length} (7 days), a client's
 * backups may make the filesystem use at most {@code percent} (100) of what its backups had
 * made it use before that window began, or the growth floor, whichever is more. So a client may
 * double in a week; one that doubles every 6 hours is stopped within a day of passing the floor.
 * Pure.
 */
public record GrowthWindow(Duration length, double percent) {
    public static final GrowthWindow DEFAULT = new GrowthWindow(Duration.ofDays(7), 100);

    public GrowthWindow {
        if (length.isNegative() || length.isZero() || !(percent > 0)) {
            throw new IllegalArgumentException("the growth window must be longer than zero and its percentage over 0");
        }
    }

    /** What a client whose stored size at the window's start is {@code stored} may add in it. */
    public long allowance(long stored, long floorBytes) {
        double share = stored * (percent / 100.0);
        return Math.max(floorBytes, share >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) share);
    }
}
