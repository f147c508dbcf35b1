package byteback.rsync.server;

import byteback.rsync.receiver.ReceiveListener;
import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.store.Store;
import byteback.rsync.options.OptionException;
import byteback.rsync.options.Role;
import byteback.rsync.options.ServerOptions;
import byteback.rsync.protocol.ExitCode;
import byteback.rsync.sender.SendResult;
import byteback.rsync.sender.SendSession;
import byteback.rsync.sender.SourceTree;
import byteback.rsync.receiver.ReceiveSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * One rsync server session on a pair of streams: what {@code rsync --server ...} does on
 * stdin/stdout. The library entry point the SSH server calls in-process.
 */
public final class RsyncServer {
    /** The version we report where rsync names its own (rsync: RSYNC_VERSION). */
    public static final String VERSION = "byteback";

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
        return run(args, in, out, err, dest, listener, MemoryBudget.UNLIMITED, false);
    }

    /**
     * As {@link #run(List, InputStream, OutputStream, OutputStream, Path, ReceiveListener)}, for a
     * server running many sessions in one JVM: what the client's file list holds is reserved from
     * {@code memory}, shared by all sessions; a session that cannot get it ends with rsync's exit
     * code 22 and a message to its client, the others go on. Released when the session ends.
     */
    public static int run(List<String> args, InputStream in, OutputStream out, OutputStream err,
            Path dest, ReceiveListener listener, MemoryBudget memory) {
        return run(args, in, out, err, dest, listener, memory, false);
    }

    /**
     * As {@link #run(List, InputStream, OutputStream, OutputStream, Path, ReceiveListener)};
     * with {@code ownsProcess} a JVM shutdown hook removes the file in flight when the process is
     * terminated (the jar's Main).
     */
    static int run(List<String> args, InputStream in, OutputStream out, OutputStream err,
            Path dest, ReceiveListener listener, MemoryBudget memory, boolean ownsProcess) {
        return run(args, in, out, err, dest, null, listener, memory, ownsProcess);
    }

    /**
     * As {@link #run(List, InputStream, OutputStream, OutputStream, Path, ReceiveListener, MemoryBudget)}
     * with the destination given as an open directory descriptor, which the session duplicates
     * (the caller closes its own when this returns): the destination is never resolved by name,
     * so no directory along its path renamed or swapped for a symlink meanwhile can redirect the
     * writes (issue 14 item 3). The SSH server opens ROOT/&lt;client&gt;/current component by
     * component with openat(O_NOFOLLOW|O_DIRECTORY) and passes that descriptor.
     *
     * @param destinationName how the destination is named in messages
     */
    public static int run(List<String> args, InputStream in, OutputStream out, OutputStream err,
            int destinationFd, String destinationName, ReceiveListener listener, MemoryBudget memory) {
        return run(args, in, out, err, null, l -> Store.open(destinationFd, destinationName, l), null, listener,
                memory, false);
    }

    /**
     * @param destinationOf for the jar, where the destination is named by the arguments: gives
     *                      it once a {@code -s} client's real arguments are read (else null:
     *                      {@code dest} is fixed by the caller whatever the client names)
     */
    static int run(List<String> args, InputStream in, OutputStream out, OutputStream err,
            Path dest, java.util.function.Function<ServerOptions, Path> destinationOf, ReceiveListener listener,
            MemoryBudget memory, boolean ownsProcess) {
        return run(args, in, out, err, dest, null, destinationOf, listener, memory, ownsProcess);
    }

    private static int run(List<String> args, InputStream in, OutputStream out, OutputStream err,
            Path dest, ReceiveSession.Destination opened, java.util.function.Function<ServerOptions, Path> destinationOf,
            ReceiveListener listener, MemoryBudget memory, boolean ownsProcess) {
        ServerOptions options;
        try {
            options = ServerOptions.parse(args);
        } catch (OptionException e) {
            printErr(err, e.getMessage() + "\n" + e.exitLine(VERSION) + "\n");
            return e.exitCode();
        }
        if (options.secludedArgs()) {
            // rsync: main.c, a -s client sends its real arguments first (io.c read_args)
            try {
                options = options.withSecludedArgs(SecludedArgs.read(in));
            } catch (OptionException e) {
                printErr(err, e.getMessage() + "\n" + e.exitLine(VERSION) + "\n");
                return e.exitCode();
            } catch (IOException e) {
                printErr(err, "rsync: " + e.getMessage() + "\nrsync error: error in rsync protocol data stream"
                        + " (code 12) at main [Receiver=" + VERSION + "]\n");
                return ExitCode.STREAMIO;
            }
            if (destinationOf != null) {
                try {
                    dest = destinationOf.apply(options);
                } catch (java.io.UncheckedIOException e) {
                    printErr(err, "rsync: " + e.getCause().getMessage() + "\nrsync error: errors selecting"
                            + " input/output files, dirs (code 3) at main [Receiver=" + VERSION + "]\n");
                    return 3;
                }
            }
        }
        if (options.role() != Role.RECEIVER) {
            printErr(err, "rsync: byteback cannot send files yet (--sender)\n"
                    + "rsync error: requested action not supported (code 4) at server [sender=" + VERSION + "]\n");
            return ExitCode.UNSUPPORTED;
        }
        Path destPath = dest;
        ReceiveSession.Destination destination = opened != null ? opened : l -> Store.open(destPath, l);
        ReceiveSession session = new ReceiveSession(options, in, out, err, destination, listener,
                ServerParts.fileListSource(), ServerParts.filterFactory(), memory);
        Thread hook = null;
        if (ownsProcess) {
            hook = new Thread(session::terminate, "rsync-terminate");
            Runtime.getRuntime().addShutdownHook(hook);
        }
        int code = session.run();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // already shutting down
            }
        }
        return code;
    }

    /**
     * rsync: main.c start_server with {@code --sender} — sends files from {@code root} to the
     * client (a restore). The PATH arguments are resolved beneath {@code root}; an absolute
     * name or {@code ..} is refused, no symlink is ever followed, nothing is written.
     *
     * @param args   the words after the program name as the client sent them, e.g.
     *               {@code ["--server", "--sender", "-logDtpre.iLsfxCIvu", ".", "current/etc/"]}
     * @param root   the tree to send from (for the SSH server: {@code FakeSuperTree} of
     *               {@code ROOT/<client>}); not closed here
     * @param memory the server's shared memory budget
     */
    public static SendResult runSender(List<String> args, InputStream in, OutputStream out, OutputStream err,
            SourceTree root, MemoryBudget memory) {
        return runSender(args, null, in, out, err, root, memory);
    }

    /**
     * As {@link #runSender(List, InputStream, OutputStream, OutputStream, SourceTree, MemoryBudget)},
     * sending {@code sourcePaths} (bytes: names need not be UTF-8) instead of the paths in
     * {@code args} when not null.
     */
    public static SendResult runSender(List<String> args, List<byte[]> sourcePaths, InputStream in, OutputStream out,
            OutputStream err, SourceTree root, MemoryBudget memory) {
        ServerOptions options;
        try {
            options = ServerOptions.parse(args);
        } catch (OptionException e) {
            printErr(err, e.getMessage() + "\n" + e.exitLine(VERSION) + "\n");
            return new SendResult(e.exitCode(), 0, 0, 0, 0);
        }
        if (options.role() != Role.SENDER) {
            printErr(err, "rsync: this command sends files: --sender is missing\n"
                    + "rsync error: syntax or usage error (code 1) at server [sender=" + VERSION + "]\n");
            return new SendResult(ExitCode.SYNTAX, 0, 0, 0, 0);
        }
        if (options.copyUnsafeLinks()) {
            printErr(err, "rsync: byteback never follows a symlink on the server: --copy-unsafe-links is refused\n"
                    + "rsync error: syntax or usage error (code 1) at server [sender=" + VERSION + "]\n");
            return new SendResult(ExitCode.SYNTAX, 0, 0, 0, 0);
        }
        SendSession session = new SendSession(options, in, out, err, root, memory);
        if (sourcePaths != null) session.withSources(sourcePaths);
        return session.run();
    }

    private static void printErr(OutputStream err, String text) {
        try {
            err.write(text.getBytes(StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException ignored) {
            // nowhere else to report
        }
    }
}
