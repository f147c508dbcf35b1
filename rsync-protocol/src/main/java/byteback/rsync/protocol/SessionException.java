package byteback.rsync.protocol;

import java.io.IOException;

/** Ends the session with rsync's exit code and a message for the client (rsync: exit_cleanup). */
public class SessionException extends IOException {
    private final int exitCode;

    public SessionException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public SessionException(int exitCode, String message, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
