package byteback.client;

/** Exit statuses of the client commands. */
public final class ExitCodes {
    public static final int OK = 0;
    /** The job failed (message on stderr says why). */
    public static final int FAILURE = 1;
    /** Bad options or configuration. */
    public static final int USAGE = 2;
    /** Another backup holds the lock. */
    public static final int LOCKED = 3;
    /** The SSH connection could not be made (server down, name unknown, host key, key refused). */
    public static final int CONNECT = 4;

    private ExitCodes() {}
}
