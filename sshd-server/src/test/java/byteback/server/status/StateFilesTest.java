package byteback.server.status;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.server.store.Ownership;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFilesTest {
    @TempDir Path root;

    @Test
    void writesCreateTheDirectoriesPrivateAndReplaceAtomically() throws IOException {
        StateFiles files = new StateFiles(root, Ownership.KEEP, ".byteback", "status");
        assertTrue(files.read("alpha").isEmpty());
        files.write("alpha", "one".getBytes(StandardCharsets.UTF_8));
        files.write("alpha", "two".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("two".getBytes(StandardCharsets.UTF_8), files.read("alpha").orElseThrow());
        Path dir = root.resolve(".byteback/status");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("alpha"))));
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("alpha")), s.toList(), "no temporary file is left");
        }
    }

    @Test
    void neverFollowsASymlinkPlantedInTheStateDirectory() throws IOException {
        Path elsewhere = Files.createDirectory(root.resolve("elsewhere"));
        Files.createDirectory(root.resolve(".byteback"));
        Files.createSymbolicLink(root.resolve(".byteback/status"), elsewhere);
        StateFiles files = new StateFiles(root, Ownership.KEEP, ".byteback", "status");
        assertThrows(IOException.class, () -> files.write("alpha", new byte[] {1}));
        assertThrows(IOException.class, () -> files.read("alpha"));
        try (Stream<Path> s = Files.list(elsewhere)) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void neverReadsThroughASymlinkedFile() throws IOException {
        StateFiles files = new StateFiles(root, Ownership.KEEP, ".byteback", "status");
        files.write("x", new byte[] {1});
        Path secret = Files.writeString(root.resolve("secret"), "secret");
        Files.createSymbolicLink(root.resolve(".byteback/status/alpha"), secret);
        assertThrows(IOException.class, () -> files.read("alpha"));
        files.write("alpha", new byte[] {2}); // replaces the link itself, not its target
        assertEquals("secret", Files.readString(secret));
        assertTrue(Files.isRegularFile(root.resolve(".byteback/status/alpha"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
}
