package byteback.rsync.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.testsupport.Sh;
import byteback.testsupport.Trees;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Regression test for {@link BlockingStdio}: a stock rsync client that starts the server through
 * a non-rsh remote shell hands it a non-blocking socket as stdout; Java's FileOutputStream then
 * failed with EAGAIN as soon as that socket was full. The remote shell here (nonblocking-rsh.py)
 * gives the server exactly such a stdout with a small buffer and reads nothing until the server is
 * blocked writing to it; a few MB of basis files make the generator's block sums fill it.
 */
class NonBlockingStdoutTest {
    private Path dir;

    @BeforeEach
    void setUp() throws Exception {
        dir = Trees.tempDir("byteback-nonblocking-");
    }

    @AfterEach
    void tearDown() throws Exception {
        Trees.delete(dir);
    }

    @Test
    void aFullNonBlockingStdoutWaitsInsteadOfFailing() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Path dst = Files.createDirectories(dir.resolve("dst"));
        Random random = new Random(3);
        for (int i = 0; i < 16; i++) {
            byte[] data = new byte[256 << 10];
            random.nextBytes(data);
            Files.write(dst.resolve("f" + i), data);
            data[random.nextInt(data.length)] ^= 1; // a small edit: the generator sends sums of every block
            Files.write(src.resolve("f" + i), data);
            Files.setLastModifiedTime(src.resolve("f" + i), FileTime.fromMillis(1_600_000_000_000L));
        }
        Path rsh = dir.resolve("nonblocking-rsh.py");
        try (InputStream script = getClass().getResourceAsStream("nonblocking-rsh.py")) {
            Files.copy(script, rsh, StandardCopyOption.REPLACE_EXISTING);
        }
        Files.setPosixFilePermissions(rsh, PosixFilePermissions.fromString("rwx------"));
        String server = Path.of(System.getProperty("java.home"), "bin", "java") + " -XX:TieredStopAtLevel=1 -cp "
                + System.getProperty("java.class.path") + " " + Main.class.getName();

        Sh r = Sh.run(List.of("rsync", "-a", "-I", "--no-whole-file", "--timeout=60", "-e", rsh.toString(),
                "--rsync-path=" + server, src + "/", "localhost:" + dst + "/"), 300);

        String said = "exit " + r.exitCode() + "\nstdout:\n" + r.stdout() + "\nstderr:\n" + r.stderr();
        assertTrue(r.stderr().contains("nonblocking-rsh: server blocked on a full stdout"), said);
        assertEquals(0, r.exitCode(), said);
        for (int i = 0; i < 16; i++) {
            assertArrayEquals(Files.readAllBytes(src.resolve("f" + i)), Files.readAllBytes(dst.resolve("f" + i)), "f" + i);
        }
    }
}
