package byteback.client;

/** A failure the user is told about in one clear message (no stack trace), with the exit status to use. */
public class ClientException extends Exception {
    private final int exitCode;

    public ClientException(String message) {
        this(message, ExitCodes.FAILURE);
    }

    public ClientException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public ClientException(String message, int exitCode, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
