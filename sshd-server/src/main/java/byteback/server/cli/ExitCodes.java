package byteback.server.cli;

/** The CLI's exit statuses. */
final class ExitCodes {
    private ExitCodes() {}

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
}
