package byteback.server.prune;

/**
 * One backup run's charge to the size guard when the filesystem's own measure is known too:
 * estimates are charged as the run writes (before btrfs has committed anything), the measure
 * arrives later, as transactions commit. The run costs whichever is more: when the measure
 * passes what was charged so far, the difference is charged on top. Estimates charged after a
 * measure add to it (they are for what it has not seen yet). Pure; not thread-safe.
 */
final class MeasuredCharge {
    private long charged;

    /** Bytes charged by estimate (file data, entries, xattrs). */
    void charged(long bytes) {
        if (bytes > 0) charged = GrowthLedger.saturated(charged, bytes);
    }

    /**
     * The filesystem measured {@code grown} bytes of growth since the run began: what to charge
     * on top (0 when the estimates already cover it).
     */
    long topUp(long grown) {
        if (grown <= charged) return 0;
        long extra = grown - charged;
        charged = grown;
        return extra;
    }

    /** Everything charged to the run so far. */
    long total() {
        return charged;
    }
}
