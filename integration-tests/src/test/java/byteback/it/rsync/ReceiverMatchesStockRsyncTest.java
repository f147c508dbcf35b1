package byteback.it.rsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Stock rsync pushes the same tree twice (full, then after edits) into our receiver and into
 * {@code rsync --fake-super}; both destination trees must be identical each time.
 */
class ReceiverMatchesStockRsyncTest {
    private Path work;

    @BeforeEach
    void setUp() throws Exception {
        work = Trees.tempDir("rsync-it");
    }

    @AfterEach
    void tearDown() throws Exception {
        Trees.delete(work);
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("byteback flags", List.of("--archive", "--xattrs", "--numeric-ids", "--delete-excluded",
                        "--delete-during", "--inplace", "--relative", "--timeout", "300", "--exclude=*.excluded"), true),
                Arguments.of("-aHAX --delete", List.of("-aHAX", "--delete"), false),
                Arguments.of("-az zstd", List.of("-az", "--zc=zstd"), false),
                Arguments.of("-az lz4", List.of("-az", "--zc=lz4"), false),
                Arguments.of("-az zlibx", List.of("-az", "--zc=zlibx"), false),
                Arguments.of("-az zlib", List.of("-az", "--zc=zlib"), false),
                Arguments.of("-az negotiated", List.of("-az"), false),
                Arguments.of("--checksum", List.of("-a", "--checksum", "--delete"), false),
                Arguments.of("--partial", List.of("-a", "--partial"), false),
                Arguments.of("--sparse", List.of("-a", "--sparse"), false),
                Arguments.of("--protocol=30", List.of("-aHX", "--delete", "--protocol=30"), false),
                Arguments.of("--protocol=31", List.of("-aHAX", "--delete", "--protocol=31"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void sameTreeAsStockRsync(String name, List<String> options, boolean absoluteSource) throws Exception {
        Path src = Files.createDirectory(work.resolve("src"));
        Path expected = Files.createDirectory(work.resolve("expected"));
        Path actual = Files.createDirectory(work.resolve("actual"));
        SourceTree.create(src);
        for (Path d : List.of(expected, actual)) {
            Files.writeString(d.resolve("stale.excluded"), "old");
            Files.setLastModifiedTime(d.resolve("stale.excluded"), java.nio.file.attribute.FileTime.fromMillis(1_000_000));
        }
        RsyncRunner rsync = new RsyncRunner(work);
        // absolute, with "/./" so that the implied directories above it (which change while tests run) are not sent
        String source = absoluteSource ? work.toAbsolutePath() + "/./src/" : src + "/";

        for (int run = 1; run <= 2; run++) {
            if (run == 2) {
                SourceTree.edit(src);
            }
            long refStart = DirTimeRace.now();
            RsyncRunner.Result ref = rsync.run(RsyncRunner.stockReceiver(), options, source, expected);
            // without --delete stock rsync cannot replace a non-empty directory by a file: exit 23
            assertTrue(ref.exitCode() == 0 || run == 2 && ref.exitCode() == 23,
                    "stock rsync, run " + run + ": " + ref.describe());
            long oursStart = DirTimeRace.now();
            RsyncRunner.Result ours = rsync.run(RsyncRunner.javaReceiver(), options, source, actual);
            assertEquals(ref.exitCode(), ours.exitCode(), "our receiver, run " + run + ": " + ours.describe()
                    + "\nstock: " + ref.describe());
            if (absoluteSource) {
                // with --relative the destination root is not in the list: its time is when it changed
                for (Path d : List.of(expected, actual)) {
                    Files.setLastModifiedTime(d, java.nio.file.attribute.FileTime.fromMillis(2_000_000));
                }
            }
            // our receiver must get every time right; stock's may lose a directory's (DirTimeRace)
            String diff = DirTimeRace.diffAndRepair(expected, refStart, actual, oursStart, false);
            assertEquals("", diff, name + ", run " + run + ": trees differ");
        }
        assertNoTempFiles(actual);
    }

    static void assertNoTempFiles(Path root) throws Exception {
        List<String> temps = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.map(p -> p.getFileName() == null ? "" : p.getFileName().toString())
                    .filter(n -> n.matches("\\..+\\.[A-Za-z0-9]{6}"))
                    .forEach(temps::add);
        }
        assertEquals(List.of(), temps, "temp files left behind");
    }
}
