package byteback.server.ssh;

/**
 * How a command ended: the exit status, a summary for the log and, when the client should be
 * told something on stderr, that message.
 */
record Outcome(int exitCode, String summary, String messageForClient) {
    static Outcome ok(String summary) {
        return new Outcome(0, summary, null);
    }

    static Outcome refused(String message) {
        return new Outcome(1, "refused: " + message, message);
    }

    static Outcome failed(int code, String message) {
        return new Outcome(code, "failed: " + message, message);
    }
}
