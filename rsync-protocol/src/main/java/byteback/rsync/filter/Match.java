package byteback.rsync.filter;

/** What the filter rules say about a name (rsync: exclude.c check_filter returns 1, -1 or 0). */
public enum Match {
    /** The first matching rule is an include (or a risk rule on the receiver). */
    INCLUDED,
    /** The first matching rule is an exclude (or a protect rule on the receiver). */
    EXCLUDED,
    /** No rule matches: the name is included. */
    NO_MATCH;

    /** Whether the name takes part (everything but {@link #EXCLUDED}). */
    public boolean included() {
        return this != EXCLUDED;
    }
}
