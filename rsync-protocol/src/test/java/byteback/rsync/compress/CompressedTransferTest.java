package byteback.rsync.compress;

import byteback.testsupport.Trees;
import byteback.testsupport.LocalShell;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A stock rsync client pushes a changed file with compression into our receiver
 * ({@code byteback.rsync.server.Main} behind a local remote-shell wrapper); the file must arrive
 * intact, delta-transferred against the basis. Covers what the receiver's own end-to-end tests do
 * not: zlib and zlibx at level 0 (no compression at all), other levels, and protocol 30.
 */
class CompressedTransferTest {
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("byteback-codec-e2e-");
    }

    @AfterEach
    void tearDown() throws IOException {
        Trees.delete(dir);
    }

    @ParameterizedTest(name = "protocol {0}, {1}")
    @CsvSource({
        "32, --zc=zlib --zl=0",
        "32, --zc=zlibx --zl=0",
        "30, --zc=zlib --zl=9",
        "31, --zc=zstd --zl=-5",
    })
    void stockClientPushesCompressedIntoOurReceiver(int protocol, String compressOptions) throws Exception {
        byte[] basis = StockRsyncStreamTest.basis();
        byte[] source = StockRsyncStreamTest.source(basis);
        Path src = Files.createDirectories(dir.resolve("src"));
        Path dst = Files.createDirectories(dir.resolve("dst"));
        Files.write(src.resolve("f"), source);
        Files.write(dst.resolve("f"), basis);
        Path rsh = LocalShell.create(dir);
        String server = Path.of(System.getProperty("java.home"), "bin", "java") + " -cp "
                + System.getProperty("java.class.path") + " byteback.rsync.server.Main";

        List<String> cmd = new ArrayList<>(List.of("rsync", "-a", "-I", "-z", "--stats", "--no-whole-file",
                "--protocol=" + protocol, "--rsync-path=" + server, "-e", rsh.toString()));
        cmd.addAll(List.of(compressOptions.split(" ")));
        cmd.add(src + "/");
        cmd.add("localhost:" + dst + "/");
        Path log = dir.resolve("rsync.out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(p.waitFor(180, TimeUnit.SECONDS), "rsync did not finish");
        } finally {
            p.destroyForcibly();
        }
        String out = Files.readString(log);
        assertEquals(0, p.exitValue(), out);
        assertArrayEquals(source, Files.readAllBytes(dst.resolve("f")), out);
        assertTrue(out.contains("Matched data: 1"), "delta transfer against the basis expected:\n" + out);
    }
}
