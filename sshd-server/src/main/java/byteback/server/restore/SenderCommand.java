package byteback.server.restore;

import byteback.rsync.memory.MemoryBudget;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs rsync's sender role over a client's directory (ROOT/client), read-only: the bridge between
 * the SSH commands and rsync-protocol's sender.
 */
public final class SenderCommand {
    private SenderCommand() {}

    /**
     * How a send ended.
     *
     * @param files   files sent (entries of the file list), -1 when unknown
     * @param bytes   bytes of file data sent, -1 when unknown
     * @param summary for the log line
     */
    public record Result(int exitCode, long files, long bytes, String summary) {}

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
            MemoryBudget memory) {
        String message = "restores need rsync's sender role, which this server build does not have yet";
        err.println("byteback: " + message);
        return new Result(1, -1, -1, "refused: " + message);
    }
}
