package byteback.server.restore;

/** A pattern or option the client gave that cannot be used; the message is for the client. */
public final class PatternException extends Exception {
    public PatternException(String message) {
        super(message);
    }
}
