package byteback.rsync.session;

import byteback.rsync.wire.MessageCode;
import byteback.rsync.wire.WireWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Messages for the user at the client (rsync: log.c rprintf / rsyserr): on a server, over the
 * multiplexed stream once it is, else to stderr; on the client itself ({@link #local}), always to
 * stderr, where the server's messages are shown too. Remembers whether a file-level error
 * happened (exit 23).
 */
public final class ClientMessages {
    private final WireWriter out;
    private final OutputStream err;
    private final AtomicBoolean transferError = new AtomicBoolean();
    private final AtomicBoolean ioError = new AtomicBoolean();
    private final boolean local;

    public ClientMessages(WireWriter out, OutputStream err) {
        this(out, err, false);
    }

    /** @param local true on the client: our messages go to {@code err}, never to the peer */
    public ClientMessages(WireWriter out, OutputStream err, boolean local) {
        this.out = out;
        this.err = err;
        this.local = local;
    }

    /** Whether this is the client's side (messages shown here, not sent). */
    public boolean local() {
        return local;
    }

    /**
     * A message the server sent us (rsync: io.c read_a_msg on the client: MSG_INFO, MSG_ERROR,
     * ...), shown on stderr as it came; a file-level error counts towards exit 23.
     */
    public void fromPeer(int code, byte[] text) {
        if (code == MessageCode.ERROR_XFER) transferError.set(true);
        writeLocally(text);
    }

    /** A problem with one file: reported, the run goes on and ends with code 23 (rsync: FERROR_XFER). */
    public void fileError(String text) {
        transferError.set(true);
        send(MessageCode.ERROR_XFER, text);
    }

    public void error(String text) {
        send(MessageCode.ERROR, text);
    }

    public void warning(String text) {
        send(MessageCode.WARNING, text);
    }

    public void info(String text) {
        send(MessageCode.INFO, text);
    }

    /**
     * Tells the client an entry was deleted, for its "deleting" lines (rsync: log.c log_delete on
     * a server: MSG_DELETED, a directory's name with its trailing NUL). Nothing is sent before
     * the stream is multiplexed.
     */
    public void deleted(byte[] name, boolean directory) {
        byte[] payload = directory ? java.util.Arrays.copyOf(name, name.length + 1) : name;
        try {
            if (!local && out.isMultiplexed() && !out.isBroken()) {
                out.sendMessage(MessageCode.DELETED, payload);
            }
        } catch (IOException ignored) {
            // the client is gone; the session ends on its next read or write
        }
    }

    /** The client reported an I/O error on its side (MSG_IO_ERROR). */
    public void clientIoError() {
        ioError.set(true);
    }

    public boolean hadTransferError() {
        return transferError.get();
    }

    public boolean hadClientIoError() {
        return ioError.get();
    }

    private void send(int code, String text) {
        String line = text.endsWith("\n") ? text : text + "\n";
        try {
            if (!local && out.isMultiplexed() && !out.isBroken()) {
                out.sendText(code, line);
                return;
            }
        } catch (IOException e) {
            // fall back to stderr
        }
        writeLocally(line.getBytes(StandardCharsets.UTF_8));
    }

    private void writeLocally(byte[] line) {
        try {
            synchronized (err) {
                err.write(line);
                err.flush();
            }
        } catch (IOException ignored) {
            // nowhere left to report
        }
    }
}
