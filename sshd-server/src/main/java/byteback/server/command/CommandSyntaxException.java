package byteback.server.command;

/** A command line that byteback will not run, with the reason for the client. */
public final class CommandSyntaxException extends Exception {
    public CommandSyntaxException(String message) {
        super(message);
    }
}
