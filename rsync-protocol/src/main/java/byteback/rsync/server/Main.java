package byteback.rsync.server;

import byteback.rsync.sender.FakeSuperTree;
import byteback.rsync.receiver.ReceiveListener;
import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.options.OptionException;
import byteback.rsync.options.ServerOptions;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The jar's entry point: {@code java -jar byteback-rsync.jar --server <args> . DEST} on
 * stdin/stdout, behaving as {@code rsync --fake-super --server ...} does, confined to DEST.
 */
public final class Main {
    private Main() {}

    public static void main(String[] argv) {
        List<String> args = List.of(argv);
        BlockingStdio.ensure();
        // closing it wakes a blocked read (the --timeout watchdog does); see StdinStream
        InputStream in = new StdinStream();
        OutputStream out = new FileOutputStream(FileDescriptor.out);
        OutputStream err = new BufferedOutputStream(new FileOutputStream(FileDescriptor.err));
        int code;
        if (args.contains("--sender")) {
            // as rsync --fake-super --server --sender: the PATHs are beneath the current directory
            try (FakeSuperTree tree = FakeSuperTree.open(Path.of("."))) {
                code = RsyncServer.runSender(args, in, out, err, tree, MemoryBudget.UNLIMITED).exitCode();
            } catch (IOException e) {
                write(err, "rsync: " + e.getMessage() + "\nrsync error: errors selecting input/output files, dirs"
                        + " (code 3) at main [sender=" + RsyncServer.VERSION + "]\n");
                code = 3;
            }
            flushAndExit(out, err, code);
            return;
        }
        try {
            Path dest = destination(args);
            code = RsyncServer.run(args, in, out, err, dest, Main::destinationOf, ReceiveListener.NONE,
                    MemoryBudget.UNLIMITED, true);
        } catch (IOException e) {
            write(err, "rsync: " + e.getMessage() + "\nrsync error: errors selecting input/output files, dirs"
                    + " (code 3) at main [Receiver=" + RsyncServer.VERSION + "]\n");
            code = 3;
        }
        flushAndExit(out, err, code);
    }

    private static void flushAndExit(OutputStream out, OutputStream err, int code) {
        try {
            out.flush();
            err.flush();
        } catch (IOException ignored) {
            // the client is gone
        }
        System.exit(code);
    }

    /** DEST from the arguments; created (one level, as rsync does) when missing. */
    private static Path destination(List<String> args) throws IOException {
        try {
            return destination(ServerOptions.parse(args).destination());
        } catch (OptionException e) {
            return Path.of(".");
        }
    }

    /** DEST from the real arguments of a -s client (see {@link SecludedArgs}). */
    private static Path destinationOf(ServerOptions options) {
        try {
            return destination(options.destination());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Path destination(String name) throws IOException {
        Path dest = Path.of(name == null || name.isEmpty() ? "." : name).toAbsolutePath().normalize();
        if (!Files.exists(dest, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.createDirectory(dest);
            } catch (IOException e) {
                throw new IOException("mkdir " + name + " failed: " + e.getMessage(), e);
            }
        }
        return dest;
    }

    private static void write(OutputStream err, String s) {
        try {
            err.write(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
