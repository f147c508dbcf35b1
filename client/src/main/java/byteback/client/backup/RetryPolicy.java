package byteback.client.backup;

import java.util.Set;

/**
 * What byteback-backup does after an rsync exit status, as the original decides: 0 and 24
 * (vanished files) are success; 10, 11, 20-23 and 30 are retried after the delay while retries
 * remain; anything else is fatal at once.
 */
public final class RetryPolicy {
    public static final Set<Integer> ACCEPT = Set.of(0, 24);
    public static final Set<Integer> RETRY = Set.of(10, 11, 20, 21, 22, 23, 30);

    public enum Decision { SUCCESS, RETRY, GIVE_UP, FATAL }

    private final int retries;
    private int left;

    public RetryPolicy(int retries) {
        this.retries = retries;
        this.left = retries;
    }

    /** Decides after one attempt; RETRY uses up one retry. */
    public Decision after(int rsyncExit) {
        if (ACCEPT.contains(rsyncExit)) return Decision.SUCCESS;
        if (!RETRY.contains(rsyncExit)) return Decision.FATAL;
        if (left <= 0) return Decision.GIVE_UP;
        left--;
        return Decision.RETRY;
    }

    public int retriesLeft() {
        return left;
    }

    public int retries() {
        return retries;
    }
}
