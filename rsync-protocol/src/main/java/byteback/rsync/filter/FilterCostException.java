package byteback.rsync.filter;

/**
 * Checking one name against the filter rules in force would take more than
 * {@link MatchCost#MAX_STEPS_PER_CHECK} steps: the rules are built to be costly (no honest list
 * comes near). Unchecked so that the checks keep their simple signatures; a session catches it
 * and ends with a clear error.
 */
public final class FilterCostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    FilterCostException(long limit) {
        super("filter rules too costly to match: one name would take more than " + limit
                + " pattern steps; this server refuses such rules");
    }
}
