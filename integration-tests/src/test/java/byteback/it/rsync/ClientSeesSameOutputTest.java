package byteback.it.rsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A stock rsync client prints the same thing against our receiver as against
 * {@code rsync --fake-super --server}: itemized changes ({@code -i}, {@code -ii},
 * {@code --out-format} with {@code %i}), names ({@code -v}, {@code -vv}), "deleting" lines,
 * {@code --stats} and {@code --progress} — for a full run and for an edit run with deletions,
 * type changes, attribute-only changes and hard links.
 */
class ClientSeesSameOutputTest {
    private Path work;

    @BeforeEach
    void setUp() throws Exception {
        work = Trees.tempDir("rsync-out-it");
    }

    @AfterEach
    void tearDown() throws Exception {
        Trees.delete(work);
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of("-i with byteback flags", List.of("-i", "--archive", "--xattrs", "--numeric-ids",
                        "--delete-excluded", "--delete-during", "--inplace", "--relative", "--timeout", "300",
                        "--exclude=*.excluded"), true),
                Arguments.of("-iHAX --delete", List.of("-aiHAX", "--delete"), false),
                Arguments.of("-ii --delete-after", List.of("-aii", "--delete-after"), false),
                Arguments.of("-v --delete", List.of("-av", "--delete"), false),
                Arguments.of("-vv --delete", List.of("-avv", "--delete"), false),
                Arguments.of("--out-format %i", List.of("-aH", "--delete", "--out-format=%i|%n|%L|%l|%o"), false),
                Arguments.of("--log-format %i -c", List.of("-a", "--delete", "--checksum", "--log-format=%i %n"), false),
                Arguments.of("--stats -H", List.of("-aH", "--delete", "--stats"), false),
                Arguments.of("--progress", List.of("-a", "--delete", "--progress", "--no-inc-recursive"), false),
                Arguments.of("-i --protocol=30", List.of("-aiX", "--delete", "--protocol=30"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void sameClientOutput(String name, List<String> options, boolean absoluteSource) throws Exception {
        Path src = Files.createDirectory(work.resolve("src"));
        Path expected = Files.createDirectory(work.resolve("expected"));
        Path actual = Files.createDirectory(work.resolve("actual"));
        SourceTree.create(src);
        for (Path d : List.of(expected, actual)) {
            // something to delete in the first run too, and an excluded name
            Files.createDirectories(d.resolve("stale-dir/inner"));
            Files.writeString(d.resolve("stale-dir/inner/f"), "old");
            Files.writeString(d.resolve("stale.excluded"), "old");
        }
        RsyncRunner rsync = new RsyncRunner(work);
        String source = absoluteSource ? work.toAbsolutePath() + "/./src/" : src + "/";
        for (int run = 1; run <= 2; run++) {
            if (run == 2) {
                SourceTree.edit(src);
            }
            RsyncRunner.Result ref = rsync.run(RsyncRunner.stockReceiver(), options, source, expected);
            assertTrue(ref.exitCode() == 0, "stock rsync, run " + run + ": " + ref.describe());
            RsyncRunner.Result ours = rsync.run(RsyncRunner.javaReceiver(), options, source, actual);
            assertEquals(ref.exitCode(), ours.exitCode(), "our receiver, run " + run + ": " + ours.describe());
            List<String> want = ClientOutput.normalize(ref.stdout());
            List<String> got = ClientOutput.normalize(ours.stdout());
            assertEquals(String.join("\n", want), String.join("\n", got),
                    name + ", run " + run + ": the client printed something else (stock first)");
            assertTrue(want.size() > 2, "the scenario prints lines to compare: " + want);
            assertEquals(ref.stderr(), ours.stderr(), name + ", run " + run + ": stderr");
        }
    }

    /** The normalisation keeps what the receiver decides and drops only run-specific figures. */
    @org.junit.jupiter.api.Test
    void normalizeKeepsItemsAndDropsRates() {
        String out = "sending incremental file list\n*deleting   old\n>f+++++++++ a\n"
                + "          5 100%    4.88kB/s    0:00:00 (xfr#1, to-chk=0/2)\r          2  40%  1.00kB/s 0:00:01\n"
                + "sent 120 bytes  received 35 bytes  310.00 bytes/sec\ntotal size is 5  speedup is 0.03\n";
        assertEquals(new ArrayList<>(List.of("*deleting   old", ">f+++++++++ a", "progress 5 100% (xfr#1, to-chk=0/2)")),
                ClientOutput.normalize(out));
    }
}
