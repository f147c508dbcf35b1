package byteback.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.btrfs.Btrfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** serve's default root: a btrfs image made once beside it, mounted, and mounted again later (as root). */
class BtrfsRootTest {
    private Path dir;
    private Path root;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("byteback-btrfsroot-");
        root = dir.resolve("byteback");
    }

    @AfterEach
    void tearDown() throws Exception {
        umount();
        Path image = dir.resolve("byteback.btrfs.img");
        Process p = new ProcessBuilder("losetup", "-j", image.toString()).redirectErrorStream(true).start();
        for (String line : new String(p.getInputStream().readAllBytes()).split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) new ProcessBuilder("losetup", "-d", line.substring(0, colon)).start().waitFor();
        }
        p.waitFor();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }

    private boolean mounted() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream().anyMatch(l -> l.split(" ")[1].equals(root.toString()));
    }

    private void umount() throws Exception {
        for (int i = 0; i < 20 && mounted(); i++) {
            new ProcessBuilder("umount", root.toString()).start().waitFor();
            if (mounted()) Thread.sleep(250);
        }
    }

    @Test
    void theDefaultRootGetsAnImageOnceAndReusesIt() throws Exception {
        ByteArrayOutputStream said = new ByteArrayOutputStream();
        BtrfsRoot prep = new BtrfsRoot(new Btrfs(), new PrintStream(said, true, StandardCharsets.UTF_8));
        prep.prepare(root, true, 256L << 20);
        assertTrue(mounted());
        assertTrue(new Btrfs().isBtrfs(root));
        String mountLine = Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .filter(l -> l.split(" ")[1].equals(root.toString())).findFirst().orElseThrow();
        assertTrue(mountLine.contains("user_subvol_rm_allowed"), mountLine);
        assertTrue(said.toString(StandardCharsets.UTF_8).contains("byteback.btrfs.img"), said.toString());
        assertEquals(256L << 20, Files.size(dir.resolve("byteback.btrfs.img")));
        Files.writeString(root.resolve("marker"), "kept");

        prep.prepare(root, true, 256L << 20); // already btrfs: nothing to do
        umount();
        assertFalse(Files.exists(root.resolve("marker")));
        prep.prepare(root, true, 256L << 20); // the same image again, not a new one
        assertEquals("kept", Files.readString(root.resolve("marker")));
    }

    @Test
    void anExplicitRootNotOnBtrfsGetsInstructions() throws Exception {
        Files.createDirectories(root);
        IOException e = assertThrows(IOException.class,
                () -> new BtrfsRoot(new Btrfs(), System.err).prepare(root, false, 256L << 20));
        for (String needed : List.of("not on a btrfs filesystem", "mkfs.btrfs", "user_subvol_rm_allowed", "chown")) {
            assertTrue(e.getMessage().contains(needed), e.getMessage());
        }
        assertFalse(mounted());
    }
}
