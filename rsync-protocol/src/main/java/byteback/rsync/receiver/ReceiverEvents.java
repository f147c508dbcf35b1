package byteback.rsync.receiver;

import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * What the receiver thread tells the generator thread, in order (rsync: the receiver's messages
 * to the generator over the error pipe — NDX_DONE per phase, MSG_REDO, MSG_SUCCESS).
 */
public final class ReceiverEvents {
    /** One event; {@code ndx} is meaningful for {@link Kind#REDO} and {@link Kind#SUCCESS}. */
    public record Event(Kind kind, int ndx, Throwable failure) {}

    public enum Kind { PHASE_DONE, REDO, SUCCESS, FAILED, FLIST }

    private final LinkedBlockingQueue<Event> queue = new LinkedBlockingQueue<>();

    public void phaseDone() {
        queue.add(new Event(Kind.PHASE_DONE, -1, null));
    }

    public void redo(int ndx) {
        queue.add(new Event(Kind.REDO, ndx, null));
    }

    public void success(int ndx) {
        queue.add(new Event(Kind.SUCCESS, ndx, null));
    }

    /** A file list came, or the end of the lists (incremental recursion). */
    public void listArrived() {
        queue.add(new Event(Kind.FLIST, -1, null));
    }

    /** Whether an event is waiting. */
    public boolean pending() {
        return !queue.isEmpty();
    }

    /** The receiver stopped with an error: the generator must stop waiting. */
    public void failed(Throwable t) {
        queue.add(new Event(Kind.FAILED, -1, t));
    }

    /** Waits for the next event (rsync: io.c wait_for_receiver). */
    public Event take() throws IOException {
        try {
            Event e = queue.take();
            if (e.kind() == Kind.FAILED) {
                throw new ReceiverFailedException(e.failure());
            }
            return e;
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for the receiver");
        }
    }

    /** The generator learns that the receiver thread failed; the receiver's error is the session's. */
    public static final class ReceiverFailedException extends IOException {
        public ReceiverFailedException(Throwable cause) {
            super("the receiver stopped", cause);
        }
    }
}
