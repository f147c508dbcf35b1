package byteback.server.restore;

import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.sender.FakeSuperTree;
import byteback.rsync.sender.SendResult;
import byteback.rsync.server.RsyncServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs rsync's sender role over a client's directory (ROOT/client), read-only: the bridge between
 * the SSH commands and rsync-protocol's sender ({@link RsyncServer#runSender}), which resolves
 * every path beneath the client's directory without following a symlink and writes nothing.
 */
public final class SenderCommand {
    private SenderCommand() {}

    /**
     * How a send ended.
     *
     * @param files   entries in the file list sent
     * @param sent    files whose data was sent
     * @param bytes   bytes written to the client, protocol included
     * @param summary for the log line
     */
    public record Result(int exitCode, long files, long sent, long bytes, String summary) {}

    /** Null when {@code rsync --server --sender ARGS} may run, else why not (for the client). */
    public static String problem(List<String> args) {
        return SenderPaths.problem(args);
    }

    /** The paths asked for, for the log. */
    public static String describe(List<String> args) {
        List<String> sources = SenderPaths.sources(args);
        String s = sources.isEmpty() ? "(paths sent over the connection)" : String.join(" ", sources);
        return s.length() > 300 ? s.substring(0, 300) + "..." : s;
    }

    /**
     * Sends what {@code args} ask for from {@code clientDir}.
     *
     * @param args the sender's arguments without the program name ({@code --server --sender ... . PATH...})
     */
    public static Result run(List<String> args, Path clientDir, InputStream in, OutputStream out, PrintStream err,
            MemoryBudget memory) throws IOException {
        return run(args, null, clientDir, in, out, err, memory);
    }

    /**
     * As {@link #run(List, Path, InputStream, OutputStream, PrintStream, MemoryBudget)}, sending
     * {@code paths} (as bytes: a stored name need not be UTF-8) instead of the PATHs in {@code args}
     * when not null.
     */
    public static Result run(List<String> args, List<byte[]> paths, Path clientDir, InputStream in, OutputStream out,
            PrintStream err, MemoryBudget memory) throws IOException {
        try (FakeSuperTree tree = FakeSuperTree.open(clientDir)) {
            SendResult r = RsyncServer.runSender(args, paths, in, out, err, tree, memory);
            return new Result(r.exitCode(), r.files(), r.filesSent(), r.bytesWritten(), "rsync exit " + r.exitCode() + ", "
                    + r.files() + " entries listed, " + r.filesSent() + " files sent, " + r.bytesWritten() + " bytes ("
                    + r.literalBytes() + " literal)");
        }
    }
}
