package byteback.rsync.session;

import byteback.rsync.wire.MessageCode;
import byteback.rsync.wire.MessageHandler;
import byteback.rsync.wire.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * What the client does with the server's out-of-band messages (rsync: io.c read_a_msg on the
 * client): its log lines go to the user, an error exit it announces is remembered, I/O error
 * flags are collected.
 */
public final class ServerMessages implements MessageHandler {
    private final Consumer<String> info;
    private final Consumer<String> error;
    private volatile int ioError;
    private volatile Integer announcedExit;

    public ServerMessages(Consumer<String> info, Consumer<String> error) {
        this.info = info;
        this.error = error;
    }

    public int ioError() {
        return ioError;
    }

    /** The exit code the server announced with MSG_ERROR_EXIT, or null. */
    public Integer announcedExit() {
        return announcedExit;
    }

    @Override
    public void onMessage(int code, byte[] payload) throws ProtocolException {
        switch (code) {
            case MessageCode.INFO -> info.accept(text(payload));
            case MessageCode.ERROR, MessageCode.ERROR_XFER, MessageCode.WARNING -> error.accept(text(payload));
            case MessageCode.IO_ERROR -> {
                if (payload.length != 4) throw new ProtocolException("invalid MSG_IO_ERROR of " + payload.length + " bytes");
                ioError |= intOf(payload) & 7;
            }
            case MessageCode.ERROR_EXIT -> announcedExit = payload.length == 4 ? intOf(payload) : 0;
            case MessageCode.NOOP, MessageCode.NO_SEND -> { }
            default -> { } // rsync's client ignores other tags it does not need (stats, deleted names)
        }
    }

    private static String text(byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8);
        return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
    }

    private static int intOf(byte[] b) {
        return (b[0] & 0xFF) | (b[1] & 0xFF) << 8 | (b[2] & 0xFF) << 16 | (b[3] & 0xFF) << 24;
    }
}
