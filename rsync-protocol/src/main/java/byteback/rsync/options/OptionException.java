package byteback.rsync.options;

/**
 * The server refuses its argument vector. {@link #getMessage()} is the line exactly as stock
 * rsync prints it on the server's stderr (without the trailing newline), for example
 * {@code "rsync: on remote machine: --bogus: unknown option"} or
 * {@code "rsync: The server does not support --backup (-b)"} or
 * {@code "unknown checksum name: sha512"}; the client shows it to its user. {@link #exitCode()}
 * is the exit status rsync uses for it (1 = RERR_SYNTAX, 4 = RERR_UNSUPPORTED).
 */
public final class OptionException extends Exception {
    private static final long serialVersionUID = 1L;

    /** rsync: errcode.h RERR_SYNTAX. */
    public static final int RERR_SYNTAX = 1;
    /** rsync: errcode.h RERR_UNSUPPORTED. */
    public static final int RERR_UNSUPPORTED = 4;

    private final int exitCode;

    OptionException(String line, int exitCode) {
        super(line);
        this.exitCode = exitCode;
    }

    /** A syntax error reported through rsync's option_error(): "rsync: " + text. */
    static OptionException syntax(String text) {
        return new OptionException("rsync: " + text, RERR_SYNTAX);
    }

    /** rsync's exit status for this refusal. */
    public int exitCode() {
        return exitCode;
    }

    /**
     * The closing line rsync writes after the message (rsync: log.c log_exit), e.g.
     * {@code "rsync error: syntax or usage error (code 1) at main.c(1886) [server=3.5.0]"}; we name
     * our own source instead of main.c.
     */
    public String exitLine(String serverVersion) {
        String what = exitCode == RERR_UNSUPPORTED ? "requested action not supported"
                : "syntax or usage error";
        return "rsync error: " + what + " (code " + exitCode + ") at options [server=" + serverVersion + "]";
    }
}
