package byteback.server.prune;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The size guard's decision, for every byte a backup is about to make the filesystem use (file
 * data, and each entry and xattr at {@link byteback.rsync.store.MetadataCost}'s estimate). Two
 * rules, both lifted by {@code allow-growth}:
 * <ul>
 * <li>{@link GrowthLimit sudden}: a backup over the floor and over {@code factor} times the
 *     client's largest earlier backup may not make the server prune: it is stopped when it needs
 *     room;
 * <li>{@link GrowthWindow window}: over any window, a client's backups may add at most a share of
 *     what its backups had stored before the window began (or the floor): stopped at once,
 *     whatever the free space, so that nothing the scheduled pruner deletes is for it. A client's
 *     first backup has nothing to compare with: only the first rule holds it.
 * </ul>
 * Pure: the caller reads the clock, the disc and the permission.
 */
public record SizeGuard(GrowthLimit sudden, GrowthWindow window) {
    public static final SizeGuard DEFAULT = new SizeGuard(GrowthLimit.DEFAULT, GrowthWindow.DEFAULT);

    /** Which rule stopped a backup. */
    public enum Rule { SUDDEN, WINDOW }

    /**
     * Why a backup is stopped.
     *
     * @param bytes     the backup's size (SUDDEN) or the client's growth in the window (WINDOW),
     *                  with what it was about to write
     * @param reference the largest earlier backup (SUDDEN) or the stored size at the window's start (WINDOW)
     * @param allowance what the rule allowed
     */
    public record Refusal(Rule rule, long bytes, long reference, long allowance) {}

    /**
     * The client's growth in the window that ends {@code now}, with {@code pending} bytes of the
     * backup under way; empty for a client whose first backup is under way.
     *
     * @param stored what the client's backups had stored at the window's start (for a client
     *               younger than the window: its first backup)
     * @param grown  what its backups added since, {@code pending} included
     */
    public record Growth(long stored, long grown) {}

    public Optional<Growth> growth(GrowthLedger ledger, long pending, Instant now) {
        GrowthLedger f = ledger.foldedBefore(windowStart(now));
        long stored;
        int from;
        if (f.folded()) {
            stored = f.base();
            from = 0;
        } else if (!f.backups().isEmpty()) {
            stored = f.backups().get(0).bytes(); // younger than the window: growth counts from its first backup
            from = 1;
        } else {
            return Optional.empty();
        }
        long grown = Math.max(0, pending);
        for (int i = from; i < f.backups().size(); i++) {
            grown = GrowthLedger.saturated(grown, f.backups().get(i).bytes());
        }
        return Optional.of(new Growth(stored, grown));
    }

    /**
     * Whether {@code more} bytes may be charged to a backup that has charged {@code pending} so far.
     *
     * @param largest   the client's largest earlier backup
     * @param needsRoom whether writing them would leave less than the low mark free (pruning needed)
     * @param allowed   whether the administrator allowed this backup to grow
     * @return empty: go ahead; else why not
     */
    public Optional<Refusal> check(GrowthLedger ledger, long largest, long pending, long more, boolean needsRoom,
            boolean allowed, Instant now) {
        if (allowed) return Optional.empty();
        long total = GrowthLedger.saturated(Math.max(0, pending), Math.max(0, more));
        Optional<Growth> g = growth(ledger, total, now);
        if (g.isPresent()) {
            long allowance = window.allowance(g.get().stored(), sudden.floorBytes());
            if (g.get().grown() > allowance) {
                return Optional.of(new Refusal(Rule.WINDOW, g.get().grown(), g.get().stored(), allowance));
            }
        }
        if (needsRoom && sudden.exceeded(total, largest)) {
            return Optional.of(new Refusal(Rule.SUDDEN, total, largest, (long) Math.min(Long.MAX_VALUE,
                    Math.max(sudden.floorBytes(), sudden.factor() * largest))));
        }
        return Optional.empty();
    }

    /** The ledger once a backup of {@code bytes} completed at {@code now} (growth measured afresh when allowed). */
    public GrowthLedger completed(GrowthLedger ledger, long bytes, boolean allowed, Instant now) {
        GrowthLedger after = ledger.plus(now, bytes);
        return (allowed ? after.restarted() : after).foldedBefore(windowStart(now));
    }

    private Instant windowStart(Instant now) {
        return now.minus(window.length());
    }

    /** What the client and the log are told when the window rule stops a backup. */
    public String windowRefusal(String client, Refusal r, String allowCommand) {
        return String.format(Locale.ROOT,
                "byteback: the backups of %s have grown by %s in the last %s, more than %s%% of the %s they"
                        + " stored before (and over %s; every file, directory and xattr counts). The server stops"
                        + " a backup that grows this fast, so that it cannot fill the disc and make the pruner"
                        + " delete anyone's history: this backup stops here; what it wrote so far stays in"
                        + " current. If the growth is expected, the administrator allows it with: %s",
                client, Bytes.human(r.bytes()), describe(window.length()), trim(window.percent()),
                Bytes.human(r.reference()), Bytes.human(sudden.floorBytes()), allowCommand);
    }

    static String describe(Duration d) {
        if (d.toHours() % 24 == 0) return d.toDays() + (d.toDays() == 1 ? " day" : " days");
        if (d.toMinutes() % 60 == 0) return d.toHours() + (d.toHours() == 1 ? " hour" : " hours");
        return d.toMinutes() + " min";
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
