package byteback.server.restore;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * {@code byteback-receive --list [--all] [--snapshot S] [--verbose] PATTERN...}: the stored
 * copies that match, newest of each path by default, every distinct one with --all, every copy
 * with --verbose, as the original's table on stdout; "** Sorry..." when nothing matches (exit 0,
 * as the original).
 */
public final class ListCommand {
    private ListCommand() {}

    /** How a listing ended, for the server's log line. */
    public record Result(int exitCode, int copies, String summary) {}

    public static Result run(Path clientDir, boolean all, boolean verbose, String snapshot, List<String> patterns,
            OutputStream out, PrintStream err, ZoneId zone) throws IOException, PatternException {
        VersionChoice choice = verbose ? VersionChoice.EVERY : all ? VersionChoice.DISTINCT : VersionChoice.NEWEST;
        Finder.Found found = Finder.find(clientDir, snapshot, patterns, choice, Instant.now(), err);
        if (found.chosen().isEmpty()) {
            out.write(Finder.sorry(found.patterns()));
        } else {
            out.write(ListingTable.format(found.chosen(), zone));
        }
        out.flush();
        return new Result(0, found.chosen().size(), "listed " + found.chosen().size() + " copies for "
                + describe(found.patterns()) + (snapshot != null ? " in snapshot " + snapshot : "")
                + (verbose ? " (every copy)" : all ? " (all versions)" : ""));
    }

    static String describe(List<byte[]> patterns) {
        StringBuilder b = new StringBuilder();
        for (byte[] p : patterns) {
            if (b.length() > 0) b.append(' ');
            if (b.length() > 200) {
                b.append("...");
                break;
            }
            b.append(PathPattern.printable(p));
        }
        return b.toString();
    }
}
