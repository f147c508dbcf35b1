package byteback.rsync.filter;

/**
 * Filter rules from the client (or from a merge file in the client's tree) are malformed, too
 * many or too large, or ask for something the server will not do. The message is rsync's where
 * rsync has one (e.g. "Unknown filter rule: `x foo'"). The connection ends with RERR_SYNTAX.
 */
public final class FilterException extends Exception {
    private static final long serialVersionUID = 1L;

    public FilterException(String message) {
        super(message);
    }
}
