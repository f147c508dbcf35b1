package byteback.server.restore;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code byteback-restore}, the original client's --rsync-path, prepared as the original
 * byteback-receive prepares it: the copies matching the patterns (newest of each path, or every
 * distinct one with --all) are listed on stderr under "Restoring:", and rsync's sender is given
 * {@code <client's sender options> . SNAPSHOT/PATH...} from the client's directory, so that the
 * client (with its -R) writes each file under {@code ./SNAPSHOT/PATH}. The original passes
 * {@code ./SNAPSHOT/PATH} with {@code --exclude=.}: the leading {@code ./} makes rsync send the
 * "." directory (flist.c send_file_list, implied_dot_dir), which would change the owner and mode
 * of the client's working directory, and the exclude takes it out again. Without the {@code ./}
 * rsync never sends "." and the client gets the same files.
 */
public final class RestoreCommand {
    private RestoreCommand() {}

    /**
     * What to hand the sender.
     *
     * @param senderArgs the sender's arguments (no program name), relative to the client's directory
     * @param paths      the copies' paths ({@code SNAPSHOT/PATH}) as bytes, which the sender sends: a stored
     *                   name need not be UTF-8 (the same paths in {@code senderArgs} are for display only)
     * @param copies     how many stored copies (files or whole directories) are restored
     * @param summary    for the log line
     */
    public record Plan(List<String> senderArgs, List<byte[]> paths, int copies, String summary) {}

    /** Why nothing is restored: the message is already on the client's stderr. */
    public static final class NothingToRestore extends Exception {
        private final int exitCode;

        NothingToRestore(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }

        public int exitCode() {
            return exitCode;
        }
    }

    public static Plan plan(Path clientDir, List<String> words, PrintStream err, ZoneId zone)
            throws IOException, NothingToRestore, PatternException {
        RestoreArgs args = RestoreArgs.parse(words);
        Finder.Found found = Finder.find(clientDir, args.snapshot(), args.patterns(), args.all() ? VersionChoice.DISTINCT
                : VersionChoice.NEWEST, Instant.now(), err);
        if (found.chosen().isEmpty()) {
            err.write(Finder.sorry(found.patterns()));
            err.flush();
            throw new NothingToRestore(1, "nothing matches " + ListCommand.describe(found.patterns()));
        }
        err.println("Restoring:");
        err.write(ListingTable.format(found.chosen(), zone));
        List<String> sender = senderArgs(args, found.chosen());
        if (args.verbose()) err.println("rsync " + String.join(" ", sender));
        err.flush();
        return new Plan(sender, senderPaths(found.chosen()), found.chosen().size(), "restore of " + found.chosen().size() + " copies matching "
                + ListCommand.describe(found.patterns()) + (args.snapshot() != null ? " in snapshot " + args.snapshot() : "")
                + (args.all() ? " (all versions)" : ""));
    }

    /** {@code SNAPSHOT/PATH} per copy, as bytes (rsync: names are bytes). */
    static List<byte[]> senderPaths(List<StoredVersion> chosen) {
        List<byte[]> out = new ArrayList<>(chosen.size());
        for (StoredVersion v : chosen) {
            byte[] snap = v.snapshot().getBytes(StandardCharsets.UTF_8);
            byte[] rest = v.path().length == 0 ? new byte[] {'/'} : v.path();
            byte[] p = new byte[snap.length + rest.length];
            System.arraycopy(snap, 0, p, 0, snap.length);
            System.arraycopy(rest, 0, p, snap.length, rest.length);
            out.add(p);
        }
        return out;
    }

    /** The client's options, {@code .}, then {@code SNAPSHOT/PATH} per copy (shown with -v; the sender sends {@link #senderPaths}). */
    static List<String> senderArgs(RestoreArgs args, List<StoredVersion> chosen) {
        List<String> out = new ArrayList<>(args.rsyncArgs());
        out.add(".");
        for (StoredVersion v : chosen) {
            out.add(v.snapshot() + (v.path().length == 0 ? "/" : new String(v.path(), StandardCharsets.UTF_8)));
        }
        return out;
    }
}
