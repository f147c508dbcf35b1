package byteback.rsync.options;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * For argument vectors built from options both servers support (and malformed ones), stock
 * {@code rsync --server} and our parser agree: both accept, or both refuse with the same line.
 * (Options we refuse on purpose are tested in CapturedClientArgsTest.)
 */
class RejectionAgainstRsyncTest {
    private static Path dest;

    @BeforeContainer
    static void makeDest() throws IOException {
        dest = Files.createTempDirectory("byteback-options-oracle-");
    }

    @AfterContainer
    static void removeDest() throws IOException {
        if (dest != null) {
            Files.deleteIfExists(dest);
        }
    }

    @Provide
    Arbitrary<List<String>> argVectors() {
        return Arbitraries.of("--timeout=abc", "--timeout=5", "--timeout=0x1f", "--timeout=08", "--timeout=",
                "--bogus", "-vx-", "--del=3", "--delete", "--delete-after", "--delete-during", "--delete-delay",
                "--delete-excluded", "-B99999999", "-B1k", "-B2048", "-Bx", "--bwlimit=1x", "--bwlimit=10",
                "--bwlimit=1", "--zc=zstd", "--zc=bogus", "--zc=auto",
                "--cc=md5", "--cc=bogus", "--cc=xxh3,md5", "--cc=md5,nope", "-r", "--no-r", "-d", "--no-d",
                "--stderr=x", "--stderr=all", "--protocol=31", "--checksum-seed=x", "--compress-level=3",
                "--modify-window=x", "-e.iLsfxCIvu", "-@1", "--max-alloc=1G", "--max-alloc=0", "--max-alloc=1",
                "--no-bogus", "-logDtpre.iLsfxCIvu", "-rz", "-rzz", "--old-compress", "--new-compress",
                "--inplace", "--partial", "-S", "-vvv", "--numeric-ids", "--fake-super", "--super",
                "-lHogDtpAXr", "--no-implied-dirs", "-R", "--timeout=99999999999", "--checksum-seed=1",
                "-Ir", "--size-only", "--force", "--ignore-errors", "--log-format=%i", "--info=name",
                "-W", "--no-W", "-x", "-O", "--specials",
                "--no-specials", "--zl=x", "--qsort", "--use-qsort", "-rq", "--zl", "--cc")
                // unique: "-lHogDtpAXr" twice would mean -XX, which we refuse on purpose (our store
                // is always --fake-super, and rsync --fake-super refuses -XX too); see below
                .list().uniqueElements().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 60)
    void sameVerdictAsRsync(@ForAll("argVectors") List<String> opts) throws Exception {
        List<String> args = new ArrayList<>();
        args.add("--server");
        args.addAll(opts);
        args.add(".");
        args.add(dest.toString());
        String ours;
        try {
            ServerOptions.parse(args);
            ours = "accepted";
        } catch (OptionException e) {
            ours = e.getMessage() + " (code " + e.exitCode() + ")";
        }
        assertEquals(rsyncVerdict(args), ours, () -> "args " + args);
    }

    /** Where we differ from plain {@code rsync --server}: we are always {@code --fake-super}. */
    @Example
    void doubleXattrsRefusedAsRsyncFakeSuperRefusesThem() throws Exception {
        List<String> args = List.of("--server", "-lHogDtpAXr", "-lHogDtpAXr", ".", dest.toString());
        OptionException e = assertThrows(OptionException.class,
                () -> ServerOptions.parse(args));
        List<String> withFakeSuper = new ArrayList<>(args);
        withFakeSuper.add(1, "--fake-super");
        assertEquals(rsyncVerdict(withFakeSuper), e.getMessage() + " (code " + e.exitCode() + ")");
    }

    private static String rsyncVerdict(List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("rsync");
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        if (rc == 12) {
            return "accepted"; // options parsed; it then found no client on stdin
        }
        return err.lines().findFirst().orElse("") + " (code " + rc + ")";
    }
}
