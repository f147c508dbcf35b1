package byteback.it.rsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.DirTimeRace;
import byteback.it.support.TreeSnapshot;
import byteback.testsupport.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Incremental recursion out of our sender (restores): stock rsync pulls from our {@code --server
 * --sender} and, the same way, from stock {@code rsync --fake-super --server --sender}, out of one
 * store that stock {@code rsync --fake-super} made; the client prints "receiving incremental file
 * list" for both and both restored trees are equal — a restore into an empty directory, then,
 * after the store changed (edits, deletions, retypings across many directories), into the
 * restored copy; with -H (links across directories and lists), -A/-X (xattrs abbreviated once for
 * many lists), --delete/--delete-during on the client, -R with implied directories, protocols 30
 * and 31. {@code --no-inc-recursive} still gets one full list. And a 200 000-file store restored
 * by stock rsync with its default options from a sender whose heap is capped at 32 MiB.
 */
class IncrementalRestoreTest {
    private static final String INCREMENTAL = "receiving incremental file list";
    private Path work;

    @BeforeEach
    void setUp() throws Exception {
        work = Trees.tempDir("increc-restore");
    }

    @AfterEach
    void tearDown() throws Exception {
        Trees.delete(work);
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("-a", List.of("-av")),
                Arguments.of("-aH --delete-during", List.of("-avH", "--delete-during")),
                Arguments.of("-aHAX --delete", List.of("-avHAX", "--delete")),
                Arguments.of("-aHAX --numeric-ids -c", List.of("-avHAX", "--numeric-ids", "-c", "--delete")),
                Arguments.of("--protocol=30", List.of("-avHAX", "--delete-during", "--protocol=30")),
                Arguments.of("--protocol=31", List.of("-avHX", "--delete", "--protocol=31")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void restoresWhatStockRestores(String name, List<String> options) throws Exception {
        Path src = sourceTree();
        Path store = storeOf(src);
        Path expected = Files.createDirectory(work.resolve("expected"));
        Path actual = Files.createDirectory(work.resolve("actual"));
        RsyncRunner rsync = new RsyncRunner(work);
        for (int run = 1; run <= 2; run++) {
            if (run == 2) {
                SourceTree.edit(src);
                IncrementalRecursionTest.ManyDirs.edit(src.resolve("many"));
                storeOf(src);
            }
            compare(rsync, name + ", run " + run, options, store, List.of("./"), expected, actual, true);
        }
        ReceiverMatchesStockRsyncTest.assertNoTempFiles(actual);
    }

    /** -R: each source's parents come one level per list, as implied directories. */
    @Test
    void relativeWithImpliedDirectories() throws Exception {
        Path src = sourceTree();
        Path store = storeOf(src);
        Path expected = Files.createDirectory(work.resolve("expected"));
        Path actual = Files.createDirectory(work.resolve("actual"));
        RsyncRunner rsync = new RsyncRunner(work);
        List<String> sources = List.of("many/d04/s2", "many/d07", "dir/sub", "many/d11/s2/f3", "many/d04/s0/f1",
                "./many/d13/top", "many/./d14/s0");
        for (int run = 1; run <= 2; run++) {
            if (run == 2) {
                IncrementalRecursionTest.ManyDirs.edit(src.resolve("many"));
                storeOf(src);
            }
            compare(rsync, "-R, run " + run, List.of("-avRHX", "--delete-during"), store, sources, expected, actual,
                    true);
        }
    }

    /** The client may refuse incremental recursion: one full list, as before. */
    @Test
    void noIncRecursiveGetsAFullList() throws Exception {
        Path store = storeOf(sourceTree());
        Path expected = Files.createDirectory(work.resolve("expected"));
        Path actual = Files.createDirectory(work.resolve("actual"));
        compare(new RsyncRunner(work), "--no-inc-recursive", List.of("-avHAX", "--no-inc-recursive"), store,
                List.of("./"), expected, actual, false);
    }

    /**
     * 200 000 files restored by stock rsync with its default options from a sender with a 32 MiB
     * heap: only the lists in flight are held, so it completes (one full list does not fit: --no-inc-recursive ends in
     * OutOfMemoryError, checked by hand) and restores what stock's sender restores.
     */
    @Test
    void twoHundredThousandFilesFromASmallHeap() throws Exception {
        // in RAM when there is a tmpfs (it keeps user xattrs): 600 000 inodes on a shared disc are slow
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "increc-restore-big") : work;
        try {
            Path src = Files.createDirectory(base.resolve("big"));
            IncrementalRecursionTest.ManyDirs.createFlat(src, 400, 500);
            Path store = base.resolve("store");
            RsyncRunner.Result stored = RsyncRunner.exec(List.of("rsync", "-a", "-M--fake-super", src + "/",
                    store + "/"), 600);
            assertEquals(0, stored.exitCode(), stored.describe());
            Trees.delete(src);
            Path expected = Files.createDirectory(base.resolve("expected"));
            Path actual = Files.createDirectory(base.resolve("actual"));
            RsyncRunner rsync = new RsyncRunner(work);
            List<String> options = List.of("-a", "--info=flist1");
            String smallHeap = RsyncRunner.JAVA + " -Xmx32m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto "
                    + "-jar " + RsyncRunner.JAR;
            long refStart = DirTimeRace.now();
            RsyncRunner.Result ref = rsync.pull("rsync --fake-super", options, store, List.of("./"), expected);
            assertEquals(0, ref.exitCode(), "stock rsync: " + ref.describe());
            long oursStart = DirTimeRace.now();
            RsyncRunner.Result ours = rsync.pull(smallHeap, options, store, List.of("./"), actual);
            assertEquals(0, ours.exitCode(), "our sender with -Xmx32m: " + ours.describe());
            assertTrue(ours.stdout().startsWith(INCREMENTAL), "the client used incremental recursion: "
                    + ours.stdout());
            String diff = DirTimeRace.diff(TreeSnapshot.of(expected), refStart, TreeSnapshot.of(actual), oursStart,
                    true);
            assertEquals("", diff, "200 000 files: trees differ");
        } finally {
            if (base != work) {
                Trees.delete(base);
            }
        }
    }

    /** SourceTree's every-type tree plus many small directories. */
    private Path sourceTree() throws Exception {
        Path src = Files.createDirectory(work.resolve("src"));
        SourceTree.create(src);
        IncrementalRecursionTest.ManyDirs.create(src.resolve("many"));
        return src;
    }

    /** The store stock rsync --fake-super makes of {@code src} (again after edits: with --delete). */
    private Path storeOf(Path src) throws Exception {
        Path store = work.resolve("store");
        RsyncRunner.Result r = RsyncRunner.exec(List.of("rsync", "-aHAX", "--delete", "-M--fake-super", src + "/",
                store + "/"), 300);
        assertEquals(0, r.exitCode(), r.describe());
        return store;
    }

    private static void compare(RsyncRunner rsync, String what, List<String> options, Path store,
            List<String> sources, Path expected, Path actual, boolean incremental) throws Exception {
        List<String> opts = new ArrayList<>(options);
        long refStart = DirTimeRace.now();
        RsyncRunner.Result ref = rsync.pull("rsync --fake-super", opts, store, sources, expected);
        // without --delete stock rsync cannot replace a non-empty directory by a file: exit 23
        assertTrue(ref.exitCode() == 0 || ref.exitCode() == 23 && !String.join(" ", options).contains("--delete"),
                "stock rsync, " + what + ": " + ref.describe());
        long oursStart = DirTimeRace.now();
        RsyncRunner.Result ours = rsync.pull(RsyncRunner.javaReceiver(), opts, store, sources, actual);
        assertEquals(ref.exitCode(), ours.exitCode(), "our sender, " + what + ": " + ours.describe()
                + "\nstock's: " + ref.describe());
        assertEquals(incremental, ref.stdout().startsWith(INCREMENTAL), "stock's list, " + what + ": " + ref.stdout());
        assertEquals(incremental, ours.stdout().startsWith(INCREMENTAL), "our list, " + what + ": " + ours.stdout());
        if (!incremental) {
            assertFalse(ours.stdout().contains(INCREMENTAL), ours.stdout());
        }
        assertEquals(itemized(ref.stdout()), itemized(ours.stdout()), "the client lists the same names, " + what);
        // both trees are written by a stock rsync client: its directory time race may hit either
        String diff = DirTimeRace.diffAndRepair(expected, refStart, actual, oursStart, true);
        assertEquals("", diff, what + ": trees differ");
    }

    /**
     * The names the client printed (-v), without the byte counts that differ, sorted (its
     * generator's and receiver's lines interleave as they run).
     */
    private static List<String> itemized(String out) {
        return out.lines().filter(l -> !l.startsWith("sent ") && !l.startsWith("total size")
                && !l.startsWith("created directory")).sorted().toList();
    }
}
