package byteback.rsync.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.testsupport.Sh;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 9: a stock {@code rsync -s} client sends its real arguments over the connection
 * (rsync: io.c read_args); before, the server never read them and the client got a protocol
 * error (seen: exit 12 for the transfer below).
 */
class SecludedArgsTest {
    @TempDir
    Path dir;

    @Test
    void aStockSecludedArgsClientBacksUp() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("a file"), "secluded\n");
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("sub/b"), "bee\n");
        Path dst = dir.resolve("dst dir"); // a space: only -s carries it unsplit
        Path rsh = dir.resolve("rsh.sh");
        Files.writeString(rsh, "#!/bin/sh\nshift\nexec sh -c \"$*\"\n");
        Files.setPosixFilePermissions(rsh, PosixFilePermissions.fromString("rwx------"));
        String server = Path.of(System.getProperty("java.home"), "bin", "java") + " -XX:TieredStopAtLevel=1 -cp "
                + System.getProperty("java.class.path") + " " + Main.class.getName();

        Sh r = Sh.run(List.of("rsync", "-s", "-a", "--delete", "--timeout=60", "-e", rsh.toString(),
                "--rsync-path=" + server, src + "/", "localhost:" + dst + "/"), 120);

        String said = "exit " + r.exitCode() + "\nstdout:\n" + r.stdout() + "\nstderr:\n" + r.stderr();
        assertEquals(0, r.exitCode(), said);
        assertArrayEquals(Files.readAllBytes(src.resolve("a file")), Files.readAllBytes(dst.resolve("a file")), said);
        assertArrayEquals(Files.readAllBytes(src.resolve("sub/b")), Files.readAllBytes(dst.resolve("sub/b")), said);
    }

    @Test
    void wordsAreReadUpToTheEmptyOneAndBounded() throws IOException {
        byte[] wire = "rsync\0--delete\0.\0dest dir/\0\0after".getBytes(StandardCharsets.UTF_8);
        ByteArrayInputStream in = new ByteArrayInputStream(wire);
        assertEquals(List.of("rsync", "--delete", ".", "dest dir/"), SecludedArgs.read(in));
        assertEquals('a', in.read(), "nothing past the closing empty word is consumed");
        byte[] longWord = ("x".repeat(SecludedArgs.MAX_WORD) + "\0\0").getBytes(StandardCharsets.UTF_8);
        IOException e = assertThrows(IOException.class, () -> SecludedArgs.read(new ByteArrayInputStream(longWord)));
        assertTrue(e.getMessage().contains("longer than"), e.getMessage());
        byte[] endless = "w\0".repeat(SecludedArgs.MAX_WORDS + 1).getBytes(StandardCharsets.UTF_8);
        assertThrows(IOException.class, () -> SecludedArgs.read(new ByteArrayInputStream(endless)));
        assertThrows(java.io.EOFException.class, () -> SecludedArgs.read(new ByteArrayInputStream(new byte[] {'a'})));
    }
}
