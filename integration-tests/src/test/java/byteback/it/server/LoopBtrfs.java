package byteback.it.server;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A btrfs filesystem on a loop device, mounted with user_subvol_rm_allowed in a fresh temporary
 * directory; closing unmounts it, detaches the loop device and deletes everything.
 */
final class LoopBtrfs implements AutoCloseable {
    final Path dir;
    final Path image;
    final Path mount;

    LoopBtrfs(long size) throws IOException, InterruptedException {
        dir = Files.createTempDirectory("byteback-it-server-");
        image = dir.resolve("btrfs.img");
        mount = dir.resolve("root");
        Files.createDirectory(mount);
        try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(size);
        }
        try {
            Cmd.run(List.of("mkfs.btrfs", "-q", image.toString())).ok();
            Cmd.run(List.of("mount", "-o", "loop,user_subvol_rm_allowed", image.toString(), mount.toString())).ok();
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            close();
            throw e;
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        for (int i = 0; i < 20 && isMounted(); i++) {
            Cmd.run(List.of("umount", mount.toString()));
            if (isMounted()) Thread.sleep(250);
        }
        if (isMounted()) Cmd.run(List.of("umount", "--lazy", mount.toString())); // a leaked handle must not keep it
        String loops = Cmd.run(List.of("losetup", "-j", image.toString())).out();
        for (String line : loops.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) Cmd.run(List.of("losetup", "-d", line.substring(0, colon)));
        }
        if (!isMounted()) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    private boolean isMounted() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .anyMatch(l -> l.split(" ")[1].equals(mount.toString()));
    }
}
