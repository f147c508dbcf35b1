package byteback.rsync.session;

import byteback.rsync.protocol.ExitCode;
import byteback.rsync.protocol.SessionException;

import byteback.rsync.wire.MessageCode;
import byteback.rsync.wire.MessageHandler;
import byteback.rsync.wire.ProtocolException;
import java.io.IOException;

/**
 * What one side does with its peer's out-of-band messages (rsync: io.c read_a_msg): the receiving
 * server's from its client, and the client's (the jar) from its server.
 */
public final class ClientMessageHandler implements MessageHandler {
    /** rsync: IOERR_GENERAL, IOERR_VANISHED, IOERR_DEL_LIMIT. */
    static final int IOERR_VALID_MASK = 7;
    /** rsync: BIGPATHBUFLEN, the buffer a MSG_DELETED name is read into (MAXPATHLEN + 1024). */
    static final int MAX_DELETED_NAME = 4096 + 1024;

    private final ClientMessages messages;
    private volatile int ioError;

    public ClientMessageHandler(ClientMessages messages) {
        this.messages = messages;
    }

    public int ioError() {
        return ioError;
    }

    public void addIoError(int bits) {
        ioError |= bits & IOERR_VALID_MASK;
    }

    @Override
    public void onMessage(int code, byte[] payload) throws IOException {
        switch (code) {
            case MessageCode.IO_ERROR -> {
                expect(code, payload, 4);
                addIoError(intOf(payload));
                messages.clientIoError();
            }
            case MessageCode.NOOP -> expect(code, payload, 0);
            case MessageCode.NO_SEND -> expect(code, payload, 4);
            case MessageCode.INFO, MessageCode.ERROR, MessageCode.ERROR_XFER, MessageCode.WARNING -> {
                // on a server: the client's own log lines, shown to its user already; on the
                // client: the server's, shown here
                if (messages.local()) messages.fromPeer(code, payload);
            }
            case MessageCode.DELETED -> {
                // rsync: io.c read_a_msg MSG_DELETED + log.c log_delete — a verbose receiving server
                // tells its client sender what it deleted (a directory's name ends with a null)
                if (!messages.local() || payload.length >= MAX_DELETED_NAME) {
                    throw new ProtocolException("invalid multi-message " + code + ":" + payload.length);
                }
                messages.fromPeer(MessageCode.INFO, deleted(payload));
            }
            case MessageCode.ERROR_EXIT -> {
                int val = payload.length == 4 ? intOf(payload) : 0;
                if (payload.length != 0 && payload.length != 4) {
                    throw new ProtocolException("invalid multi-message " + code + ":" + payload.length);
                }
                throw new ClientExitException(val);
            }
            default -> throw new ProtocolException("unexpected tag " + code);
        }
    }

    /** "deleting NAME" (a directory's NAME with a trailing '/'), as rsync's client shows it. */
    private static byte[] deleted(byte[] payload) {
        boolean dir = payload.length > 0 && payload[payload.length - 1] == 0;
        int n = dir ? payload.length - 1 : payload.length;
        byte[] prefix = "deleting ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] line = new byte[prefix.length + n + (dir ? 2 : 1)];
        System.arraycopy(prefix, 0, line, 0, prefix.length);
        System.arraycopy(payload, 0, line, prefix.length, n);
        if (dir) line[line.length - 2] = '/';
        line[line.length - 1] = '\n';
        return line;
    }

    private static void expect(int code, byte[] payload, int len) throws ProtocolException {
        if (payload.length != len) {
            throw new ProtocolException("invalid multi-message " + code + ":" + payload.length);
        }
    }

    private static int intOf(byte[] b) {
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }

    /** The client announced that it exits with this code (MSG_ERROR_EXIT). */
    public static final class ClientExitException extends SessionException {
        ClientExitException(int code) {
            super(code == 0 ? ExitCode.PARTIAL : code, "the client ended the transfer (code " + code + ")");
        }
    }
}
