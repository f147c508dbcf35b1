package byteback.rsync.filter;

/**
 * What one filter check (one name against every rule in force) may cost: each pattern state
 * stepped over a byte of the name, each byte of a set scanned and each byte compared counts one
 * step. A check that would need more ends with {@link FilterCostException}, so a client cannot
 * make the server spend unbounded CPU on each of its names with rules built to keep every state
 * of a long pattern alive (rsync's own matcher has no such bound). Honest rule lists stay orders
 * of magnitude below: a few hundred rules cost a few thousand steps per name.
 */
final class MatchCost {
    /**
     * Steps one check may take: about 40 ms of CPU (about 10 ns a step). 200 rules of ten tokens
     * with {@code **} against a 1,000-byte path stay below a tenth of it.
     */
    static final long MAX_STEPS_PER_CHECK = 1L << 22;

    private final long limit;
    private long left;

    MatchCost(long limit) {
        this.limit = limit;
        this.left = limit;
    }

    /** A fresh allowance for one check. */
    static MatchCost perCheck() {
        return new MatchCost(MAX_STEPS_PER_CHECK);
    }

    /** Counts {@code steps}; throws once the allowance is spent. */
    void charge(long steps) {
        left -= steps;
        if (left < 0) {
            throw new FilterCostException(limit);
        }
    }
}
