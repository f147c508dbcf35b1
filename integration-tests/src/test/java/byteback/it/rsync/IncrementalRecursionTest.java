package byteback.it.rsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.DirTimeRace;
import byteback.it.support.TreeSnapshot;
import byteback.testsupport.Trees;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Incremental recursion into our receiver: stock rsync sends a tree of many directories (one file
 * list per directory, interleaved with the file data) and prints "sending incremental file list";
 * the stored tree equals what {@code rsync --fake-super} stores, for a full run and for a run after
 * edits, deletions and retypings across many directories — with -H (links across directories and
 * lists), -A/-X (abbreviated xattrs shared across lists), --delete-during, -R with implied
 * directories and protocols 30 and 31; {@code --no-inc-recursive} still gets a full list. And a
 * 200 000-file tree goes through a receiver whose heap is capped at 64 MiB.
 */
class IncrementalRecursionTest {
    private static final String INCREMENTAL = "sending incremental file list";
    private static Path template;
    private Path work;

    /** The source tree, made once: SourceTree's every-type tree plus many directories. */
    @BeforeAll
    static void makeTemplate() throws Exception {
        template = Trees.tempDir("increc-template");
        Path src = Files.createDirectory(template.resolve("src"));
        SourceTree.create(src);
        ManyDirs.create(src.resolve("many"));
    }

    @AfterAll
    static void dropTemplate() throws Exception {
        Trees.delete(template);
    }

    @BeforeEach
    void setUp() throws Exception {
        work = Trees.tempDir("increc-it");
    }

    @AfterEach
    void tearDown() throws Exception {
        Trees.delete(work);
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("-a", List.of("-av")),
                Arguments.of("-aH --delete-during", List.of("-avH", "--delete-during")),
                Arguments.of("-aHAX --delete-during", List.of("-avHAX", "--delete-during")),
                Arguments.of("byteback flags", List.of("-v", "--archive", "--xattrs", "--numeric-ids",
                        "--delete-excluded", "--delete-during", "--inplace", "--hard-links", "--exclude=*.excluded")),
                Arguments.of("--protocol=30", List.of("-avHAX", "--delete-during", "--protocol=30")),
                Arguments.of("--protocol=31", List.of("-avHX", "--delete", "--protocol=31")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void sameTreeAsStockRsync(String name, List<String> options) throws Exception {
        Path src = copyTemplate();
        Path expected = Files.createDirectory(work.resolve("expected"));
        Path actual = Files.createDirectory(work.resolve("actual"));
        RsyncRunner rsync = new RsyncRunner(work);
        for (int run = 1; run <= 2; run++) {
            if (run == 2) {
                SourceTree.edit(src);
                ManyDirs.edit(src.resolve("many"));
            }
            compare(rsync, name + ", run " + run, options, List.of(src + "/"), expected, actual, null, true);
        }
        ReceiverMatchesStockRsyncTest.assertNoTempFiles(actual);
    }

    /** -R: the implied directories of each source come in the lists of their parents. */
    @Test
    void relativeWithImpliedDirectories() throws Exception {
        Path src = copyTemplate();
        Path expected = Files.createDirectory(work.resolve("expected"));
        Path actual = Files.createDirectory(work.resolve("actual"));
        RsyncRunner rsync = new RsyncRunner(work);
        List<String> sources = List.of("src/many/d04/s1", "src/many/d07", "src/dir/sub", "src/many/d11/s2/f3");
        List<String> options = List.of("-avRHX", "--delete-during");
        for (int run = 1; run <= 2; run++) {
            if (run == 2) {
                ManyDirs.edit(src.resolve("many"));
            }
            compare(rsync, "-R, run " + run, options, sources, expected, actual, work, true);
        }
    }

    /** The client may refuse incremental recursion: our receiver then gets one full list, as before. */
    @Test
    void noIncRecursiveGetsAFullList() throws Exception {
        Path src = copyTemplate();
        Path expected = Files.createDirectory(work.resolve("expected"));
        Path actual = Files.createDirectory(work.resolve("actual"));
        RsyncRunner rsync = new RsyncRunner(work);
        List<String> options = List.of("-avH", "--delete-during", "--no-inc-recursive");
        for (int run = 1; run <= 2; run++) {
            if (run == 2) {
                ManyDirs.edit(src.resolve("many"));
            }
            compare(rsync, "--no-inc-recursive, run " + run, options, List.of(src + "/"), expected, actual, null,
                    false);
        }
    }

    /**
     * 200 000 files into a receiver with a 64 MiB heap: only the lists in flight are held, so it
     * completes (a full list alone would need about 20 MiB of the heap plus what the JVM itself
     * takes) and stores what rsync --fake-super stores.
     */
    @Test
    void twoHundredThousandFilesInASmallHeap() throws Exception {
        // in RAM when there is a tmpfs (it keeps user xattrs): 600 000 inodes on a shared disc are slow
        Path shm = Path.of("/dev/shm");
        Path base = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "increc-big") : work;
        try {
            bigTree(base);
        } finally {
            if (base != work) {
                Trees.delete(base);
            }
        }
    }

    private void bigTree(Path base) throws Exception {
        Path src = Files.createDirectory(base.resolve("big"));
        ManyDirs.createFlat(src, 400, 500);
        Path expected = Files.createDirectory(base.resolve("expected"));
        Path actual = Files.createDirectory(base.resolve("actual"));
        RsyncRunner rsync = new RsyncRunner(work);
        List<String> options = List.of("-a", "--info=flist1", "--delete-during");
        String smallHeap = RsyncRunner.JAVA + " -Xmx64m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -jar "
                + RsyncRunner.JAR;
        long refStart = DirTimeRace.now();
        RsyncRunner.Result ref = rsync.run(RsyncRunner.stockReceiver(), options, src + "/", expected);
        assertEquals(0, ref.exitCode(), "stock rsync: " + ref.stderr());
        long oursStart = DirTimeRace.now();
        RsyncRunner.Result ours = rsync.run(smallHeap, options, src + "/", actual);
        assertEquals(0, ours.exitCode(), "our receiver with -Xmx64m: exit " + ours.exitCode() + "\n" + ours.stderr());
        assertTrue(ours.stdout().startsWith(INCREMENTAL), "the client used incremental recursion");
        String diff = DirTimeRace.diff(TreeSnapshot.of(expected), refStart, TreeSnapshot.of(actual), oursStart, false);
        assertEquals("", diff, "200 000 files: trees differ");
    }

    private Path copyTemplate() throws IOException, InterruptedException {
        Path src = work.resolve("src");
        RsyncRunner.Result r = RsyncRunner.exec(List.of("cp", "-a", template.resolve("src").toString(), src.toString()),
                120);
        assertEquals(0, r.exitCode(), r.describe());
        return src;
    }

    private static void compare(RsyncRunner rsync, String what, List<String> options, List<String> sources,
            Path expected, Path actual, Path cwd, boolean incremental) throws Exception {
        long refStart = DirTimeRace.now();
        RsyncRunner.Result ref = rsync.run(RsyncRunner.stockReceiver(), options, sources, expected, cwd);
        // without --delete stock rsync cannot replace a non-empty directory by a file: exit 23
        assertTrue(ref.exitCode() == 0 || ref.exitCode() == 23 && !String.join(" ", options).contains("--delete"),
                "stock rsync, " + what + ": " + ref.describe());
        long oursStart = DirTimeRace.now();
        RsyncRunner.Result ours = rsync.run(RsyncRunner.javaReceiver(), options, sources, actual, cwd);
        assertEquals(ref.exitCode(), ours.exitCode(), "our receiver, " + what + ": " + ours.describe());
        if (cwd != null) { // -R: the destination root is not in the list, its time is when it changed
            for (Path d : List.of(expected, actual)) {
                Files.setLastModifiedTime(d, FileTime.fromMillis(2_000_000));
            }
        }
        assertEquals(incremental, ref.stdout().startsWith(INCREMENTAL), "stock's list, " + what + ": " + ref.stdout());
        assertEquals(incremental, ours.stdout().startsWith(INCREMENTAL), "our list, " + what + ": " + ours.stdout());
        if (!incremental) {
            assertFalse(ours.stdout().contains(INCREMENTAL), ours.stdout());
        }
        // our receiver must get every time right; stock's may lose a directory's (DirTimeRace)
        String diff = DirTimeRace.diffAndRepair(expected, refStart, actual, oursStart, false);
        assertEquals("", diff, what + ": trees differ");
    }

    /** Trees of many small directories, and the edits that change, delete and retype across them. */
    static final class ManyDirs {
        private ManyDirs() {}

        /** 24 directories of 3 subdirectories of 10 files, a few xattrs, hard links across directories. */
        static void create(Path root) throws IOException {
            for (int d = 0; d < 24; d++) {
                for (int s = 0; s < 3; s++) {
                    Path dir = Files.createDirectories(root.resolve(String.format("d%02d/s%d", d, s)));
                    for (int f = 0; f < 10; f++) {
                        Files.writeString(dir.resolve("f" + f), d + "/" + s + "/" + f + "\n".repeat(f));
                    }
                }
                Files.writeString(root.resolve(String.format("d%02d/top", d)), "top " + d);
            }
            for (int d = 0; d < 24; d += 5) {
                // the same xattr value on files of many lists: abbreviated once, then referenced
                xattr(root.resolve(String.format("d%02d/s1/f2", d)), "user.shared", "v".repeat(200));
                xattr(root.resolve(String.format("d%02d/s2", d)), "user.dir", "d" + d);
            }
            for (int d = 1; d < 24; d += 4) { // groups spanning directories (and lists)
                Files.createLink(root.resolve(String.format("d%02d/s0/link-to-d00", d)), root.resolve("d00/s0/f1"));
                Files.createLink(root.resolve(String.format("d%02d/link", d)), root.resolve(String.format("d%02d/s2/f5", d)));
            }
            Files.createDirectories(root.resolve("empty/deeper/deepest"));
            times(root);
        }

        /** Deletes files in every directory, whole subdirectories, retypes some, adds and re-links. */
        static void edit(Path root) throws IOException {
            for (int d = 0; d < 24; d++) {
                Files.delete(root.resolve(String.format("d%02d/s0/f%d", d, d % 10)));
                if (d % 3 == 0) {
                    Trees.delete(root.resolve(String.format("d%02d/s1", d)));
                }
                if (d % 7 == 1) {
                    Trees.delete(root.resolve(String.format("d%02d/s2", d)));
                    Files.writeString(root.resolve(String.format("d%02d/s2", d)), "a file now");
                }
                if (d % 5 == 2) {
                    Files.writeString(root.resolve(String.format("d%02d/s0/added", d)), "added " + d);
                }
            }
            Files.delete(root.resolve("d05/s0/link-to-d00"));
            Files.createLink(root.resolve("d06/new-link"), root.resolve("d00/s0/f1"));
            Trees.delete(root.resolve("empty/deeper"));
            times(root);
        }

        /** {@code dirs} directories of {@code files} empty files each. */
        static void createFlat(Path root, int dirs, int files) throws IOException {
            for (int d = 0; d < dirs; d++) {
                Path dir = Files.createDirectory(root.resolve(String.format("dir%03d", d)));
                for (int f = 0; f < files; f++) {
                    Files.createFile(dir.resolve("file" + f));
                }
                Files.setLastModifiedTime(dir, FileTime.fromMillis(1_600_000_000_000L));
            }
            // a directory time in the second the receiver made it differs from it in nanoseconds only
            Files.setLastModifiedTime(root, FileTime.fromMillis(1_600_000_000_000L));
        }

        /** Fixed times for everything (the edits above would otherwise show as run-time times). */
        private static void times(Path root) throws IOException {
            List<Path> all = new ArrayList<>();
            try (Stream<Path> s = Files.walk(root)) {
                s.forEach(all::add);
            }
            FileTime t = FileTime.fromMillis(1_600_000_000_000L);
            for (int i = all.size() - 1; i >= 0; i--) {
                Files.setLastModifiedTime(all.get(i), t);
            }
        }

        private static void xattr(Path p, String name, String value) throws IOException {
            Files.getFileAttributeView(p, UserDefinedFileAttributeView.class)
                    .write(name.substring("user.".length()), ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
        }
    }
}
