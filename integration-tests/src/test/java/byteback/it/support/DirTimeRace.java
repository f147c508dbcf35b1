package byteback.it.support;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Stock rsync's receiver with incremental recursion now and then leaves a directory with the time
 * it was last written during the transfer instead of the sender's mtime: the top directory of a
 * pull ("." or, with -R, an implied parent) is touched again after its time was set. Stock rsync
 * pulling from stock rsync shows it too (1 pull in 40 on an idle machine, more under load), so a
 * test comparing two trees a stock receiver made must tell that race from a real difference.
 *
 * <p>{@link #settle} forgives exactly that: a directory whose two sides differ in mtime alone, one
 * side stamped during its own transfer (not before it started) and the other with a time from
 * before its transfer; the stamped side takes the other's time. Anything else still differs: a
 * file, a directory differing in more than its time, both sides stamped, or — when the actual tree
 * is our own receiver's — a stamp on the actual side.
 */
public final class DirTimeRace {
    /** The kernel stamps files with a coarse clock that may lag the JVM's by a tick. */
    private static final long CLOCK_SLACK_NANOS = 20_000_000L;

    private DirTimeRace() {}

    /** Nanoseconds since the epoch now, to note when a transfer starts. */
    public static long now() {
        Instant i = Instant.now();
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    /**
     * The two snapshots with the race settled, as {@code [expected, actual]}; {@code actualMayRace}
     * false when the actual tree was written by our own receiver, which must get every time right.
     */
    public static TreeSnapshot[] settle(TreeSnapshot expected, long expectedStart, TreeSnapshot actual,
            long actualStart, boolean actualMayRace) {
        return settle(expected, expectedStart, actual, actualStart, actualMayRace, new ArrayList<>(),
                new ArrayList<>());
    }

    private static TreeSnapshot[] settle(TreeSnapshot expected, long expectedStart, TreeSnapshot actual,
            long actualStart, boolean actualMayRace, List<TreeSnapshot.Entry> expectedFixes,
            List<TreeSnapshot.Entry> actualFixes) {
        TreeSnapshot e = expected;
        TreeSnapshot a = actual;
        for (TreeSnapshot.Entry x : expected.entries().values()) {
            TreeSnapshot.Entry y = actual.entries().get(x.path());
            if (y == null || x.type() != 'd' || x.mtimeNanos() == y.mtimeNanos() || !sameButTime(x, y)) {
                continue;
            }
            boolean xStamped = stampedDuring(x, expectedStart);
            boolean yStamped = stampedDuring(y, actualStart);
            if (xStamped && !yStamped) {
                e = e.withEntry(retimed(x, y.mtimeNanos()));
                expectedFixes.add(retimed(x, y.mtimeNanos()));
                System.err.println("stock rsync's directory time race on the expected side: " + x.path());
            } else if (yStamped && !xStamped && actualMayRace) {
                a = a.withEntry(retimed(y, x.mtimeNanos()));
                actualFixes.add(retimed(y, x.mtimeNanos()));
                System.err.println("stock rsync's directory time race on the actual side: " + y.path());
            }
        }
        return new TreeSnapshot[] {e, a};
    }

    /** {@link TreeSnapshot#diff} of the two snapshots once the race is {@linkplain #settle settled}. */
    public static String diff(TreeSnapshot expected, long expectedStart, TreeSnapshot actual, long actualStart,
            boolean actualMayRace) {
        TreeSnapshot[] settled = settle(expected, expectedStart, actual, actualStart, actualMayRace);
        return settled[0].diff(settled[1]);
    }

    /**
     * Like {@link #diff} for two trees on disc, and a forgiven directory gets its settled time on
     * disc too: a later transfer into the same trees starts from what stock rsync would have left
     * without the race (it does not always set an existing directory's time again, e.g. an implied
     * directory of -R).
     */
    public static String diffAndRepair(Path expectedRoot, long expectedStart, Path actualRoot, long actualStart,
            boolean actualMayRace) throws IOException, InterruptedException {
        List<TreeSnapshot.Entry> expectedFixes = new ArrayList<>();
        List<TreeSnapshot.Entry> actualFixes = new ArrayList<>();
        TreeSnapshot[] settled = settle(TreeSnapshot.of(expectedRoot), expectedStart, TreeSnapshot.of(actualRoot),
                actualStart, actualMayRace, expectedFixes, actualFixes);
        retime(expectedRoot, expectedFixes);
        retime(actualRoot, actualFixes);
        return settled[0].diff(settled[1]);
    }

    private static void retime(Path root, List<TreeSnapshot.Entry> fixes) throws IOException, InterruptedException {
        for (TreeSnapshot.Entry fix : fixes) {
            long t = fix.mtimeNanos();
            String stamp = "@" + Math.floorDiv(t, 1_000_000_000L) + "." + String.format("%09d",
                    Math.floorMod(t, 1_000_000_000L));
            Process p = new ProcessBuilder("touch", "-h", "-d", stamp, root.resolve(fix.path()).toString())
                    .inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IOException("touch " + stamp + " " + fix.path() + " failed");
            }
        }
    }

    private static boolean stampedDuring(TreeSnapshot.Entry entry, long transferStart) {
        return entry.mtimeNanos() >= transferStart - CLOCK_SLACK_NANOS;
    }

    private static boolean sameButTime(TreeSnapshot.Entry x, TreeSnapshot.Entry y) {
        return retimed(y, x.mtimeNanos()).equals(x);
    }

    private static TreeSnapshot.Entry retimed(TreeSnapshot.Entry e, long mtimeNanos) {
        return new TreeSnapshot.Entry(e.path(), e.type(), e.content(), e.mode(), e.uid(), e.gid(), mtimeNanos,
                e.xattrs());
    }
}
