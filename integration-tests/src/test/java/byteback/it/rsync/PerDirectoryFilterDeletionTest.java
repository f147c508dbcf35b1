package byteback.it.rsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.testsupport.Trees;
import byteback.it.support.TreeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code -F} ({@code dir-merge /.rsync-filter}) with deletions: the receiver reads the
 * {@code .rsync-filter} files it finds in the destination as it deletes, so that their protect,
 * exclude and perishable rules keep or give up extraneous entries exactly as stock
 * {@code rsync --fake-super} does — inside directories that are deleted as a whole too. Both
 * the trees and what the client prints (itemized, "deleting", "cannot delete non-empty
 * directory") must be the same.
 */
class PerDirectoryFilterDeletionTest {
    private Path work;

    @BeforeEach
    void setUp() throws Exception {
        work = Trees.tempDir("rsync-dirmerge-it");
    }

    @AfterEach
    void tearDown() throws Exception {
        Trees.delete(work);
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("-F --delete", List.of("-aiF", "--delete")),
                Arguments.of("-F --delete-after", List.of("-aiF", "--delete-after")),
                Arguments.of("-F --delete-excluded", List.of("-aiF", "--delete-excluded")),
                Arguments.of("-FF --delete-delay", List.of("-aiFF", "--delete-delay")),
                Arguments.of("dir-merge rule, byteback flags", List.of("-i", "--archive", "--xattrs", "--numeric-ids",
                        "--delete-excluded", "--delete-during", "--inplace", "--timeout", "300",
                        "--filter=dir-merge .keep-rules")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void deletionsHonourMergeFilesInTheDestination(String name, List<String> options) throws Exception {
        Path src = Files.createDirectory(work.resolve("src"));
        Path expected = Files.createDirectory(work.resolve("expected"));
        Path actual = Files.createDirectory(work.resolve("actual"));
        write(src.resolve("sub/kept.txt"), "sent");
        write(src.resolve("sub/.rsync-filter"), "- *.tmp\n");
        write(src.resolve("sub/also.tmp"), "not sent: excluded by the sender's merge file");
        write(src.resolve("other/file"), "sent");
        for (Path d : List.of(expected, actual)) {
            populateDestination(d);
        }
        RsyncRunner rsync = new RsyncRunner(work);
        for (int run = 1; run <= 2; run++) {
            if (run == 2) {
                write(src.resolve("sub/.rsync-filter"), "- *.tmp\nP *.keep\n");
                write(src.resolve("other/new"), "second run");
                for (Path d : List.of(expected, actual)) {
                    write(d.resolve("sub/late.keep"), "made before the second run");
                    write(d.resolve("sub/late.other"), "made before the second run");
                }
            }
            pastDirectoryTimes(src); // rsync compares times in whole seconds: "now" would race
            RsyncRunner.Result ref = rsync.run(RsyncRunner.stockReceiver(), options, src + "/", expected);
            RsyncRunner.Result ours = rsync.run(RsyncRunner.javaReceiver(), options, src + "/", actual);
            assertEquals(ref.exitCode(), ours.exitCode(), name + ", run " + run + ": our receiver: " + ours.describe()
                    + "\nstock: " + ref.describe());
            for (Path d : List.of(expected, actual)) {
                fixTimesOfKeptDirectories(src, d);
            }
            assertEquals("", TreeSnapshot.of(expected).diff(TreeSnapshot.of(actual)), name + ", run " + run
                    + ": trees differ\nstock: " + ref.describe() + "\nours: " + ours.describe());
            assertEquals(String.join("\n", ClientOutput.normalize(ref.stdout())),
                    String.join("\n", ClientOutput.normalize(ours.stdout())),
                    name + ", run " + run + ": the client printed something else (stock first)");
            assertEquals(ref.stderr(), ours.stderr(), name + ", run " + run + ": stderr");
            if (run == 1) {
                // the rules really decided something: without them everything extraneous would be gone
                boolean dashF = options.stream().anyMatch(o -> o.matches("-[a-zA-Z]*F[a-zA-Z]*"));
                Path kept = actual.resolve(dashF ? "gone/inner/deep" : "other/stays");
                assertTrue(Files.exists(kept), "protected by a merge file in the destination: " + kept);
                assertFalse(Files.exists(actual.resolve("objdir/x.o")), "a perishable rule protects nothing here");
            }
        }
    }

    private static void pastDirectoryTimes(Path src) throws Exception {
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.filter(Files::isDirectory).toList()) {
                Files.setLastModifiedTime(p, FileTime.fromMillis(1_600_000_000_000L));
            }
        }
    }

    /**
     * Directories the client does not have but the rules keep get the time of their last change
     * on each side, seconds apart: the same fixed time on both sides makes the trees comparable.
     */
    private static void fixTimesOfKeptDirectories(Path src, Path dest) throws Exception {
        try (Stream<Path> s = Files.walk(dest)) {
            for (Path p : s.filter(Files::isDirectory).toList()) {
                if (p.equals(dest) || !Files.isDirectory(src.resolve(dest.relativize(p)))) {
                    Files.setLastModifiedTime(p, FileTime.fromMillis(2_000_000));
                }
            }
        }
    }

    /**
     * Extraneous entries, some guarded by merge files the receiver finds in the destination:
     * protected ({@code P}) and excluded ({@code -}) names, a perishable exclude that must not
     * keep its directory, and merge files inside a directory that is deleted as a whole.
     */
    private static void populateDestination(Path d) throws Exception {
        write(d.resolve("sub/.rsync-filter"), "P *.keep\n- *.local\n");
        write(d.resolve("sub/mine.keep"), "protected by the destination's merge file");
        write(d.resolve("sub/mine.local"), "excluded by it: kept unless --delete-excluded");
        write(d.resolve("sub/stale.txt"), "deleted");
        write(d.resolve("gone/.rsync-filter"), "P precious\n");
        write(d.resolve("gone/precious"), "protected inside a directory the client no longer has");
        write(d.resolve("gone/inner/.rsync-filter"), "protect deep\n");
        write(d.resolve("gone/inner/deep"), "protected two levels down");
        write(d.resolve("gone/inner/junk"), "deleted");
        write(d.resolve("gone/other"), "deleted");
        write(d.resolve("objdir/.rsync-filter"), "-p *.o\n");
        write(d.resolve("objdir/x.o"), "perishable: does not keep its directory");
        write(d.resolve("other/.keep-rules"), "P stays\n");
        write(d.resolve("other/stays"), "protected by the dir-merge .keep-rules scenario");
        write(d.resolve("other/goes"), "deleted");
    }

    private static void write(Path p, String content) throws Exception {
        Files.createDirectories(p.getParent());
        Files.writeString(p, content);
        Files.setLastModifiedTime(p, FileTime.fromMillis(1_500_000_000_000L));
    }
}
