package byteback.rsync.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * One rsync server session on a pair of streams: what {@code rsync --server ...} does on
 * stdin/stdout. The library entry point the SSH server calls in-process.
 */
public final class RsyncServer {
    private RsyncServer() {}

    /**
     * rsync: main.c start_server.
     *
     * @param args     the words after the program name, exactly as the client sent them, e.g.
     *                 {@code ["--server", "-logDtpre.iLsfxCIvu", ".", "dest/"]}
     * @param in       bytes from the client
     * @param out      bytes to the client
     * @param err      where messages that cannot go over the protocol are written (stderr)
     * @param dest     the directory this session is confined to; the caller has already resolved
     *                 the path argument to it. Nothing outside it is ever read or written.
     * @param listener observes the bytes written
     * @return rsync's exit code (0 success, 1 syntax, 2 protocol incompatibility, 12 protocol
     *         data stream error, ...)
     */
    public static int run(List<String> args, InputStream in, OutputStream out, OutputStream err,
            Path dest, ReceiveListener listener) {
        throw new UnsupportedOperationException("the rsync receiver is being written");
    }
}
