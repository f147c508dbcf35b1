package byteback.rsync.options;

/**
 * When the receiver deletes extraneous files (rsync: {@code delete_before}, {@code delete_during}
 * (1 = during, 2 = delay), {@code delete_after}).
 */
public enum DeleteMode {
    /** No deletions. */
    NONE,
    /** {@code --delete-before}: one pass over the whole tree before any transfer. */
    BEFORE,
    /** {@code --delete-during} / {@code --del}: in each directory just before its files. */
    DURING,
    /** {@code --delete-delay}: found during the transfer, deleted after it. */
    DELAY,
    /** {@code --delete-after}: one pass after all transfers. */
    AFTER
}
