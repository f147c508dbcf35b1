package byteback.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A real btrfs for tests (as root): a sparse image in a unique, world-readable temp dir, mounted on
 * {@code dir()/mnt} with {@code mount -o loop[,user_subvol_rm_allowed]}. The temp dir beside the
 * mount is the test's scratch space. {@link #close()} unmounts (lazily when a handle still holds it),
 * detaches every loop device of the image and removes the temp dir; it also undoes a half-finished
 * {@link #create}.
 */
public final class LoopBtrfs implements AutoCloseable {
    private final Path dir;
    private final Path image;
    private final Path mountPoint;

    private LoopBtrfs(Path dir) {
        this.dir = dir;
        this.image = dir.resolve("btrfs.img");
        this.mountPoint = dir.resolve("mnt");
    }

    /** Makes and mounts a filesystem of {@code size} (as truncate -s takes it: "256M", "1G") with user_subvol_rm_allowed. */
    public static LoopBtrfs create(String size) throws IOException {
        return create(size, true);
    }

    public static LoopBtrfs create(String size, boolean userSubvolRmAllowed) throws IOException {
        Path dir = Trees.tempDir("byteback-btrfs-");
        // other users (a spare unprivileged uid) must be able to reach the mount point
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        LoopBtrfs fs = new LoopBtrfs(dir);
        try {
            Sh.ok("truncate", "-s", size, fs.image.toString());
            Sh.ok("mkfs.btrfs", "-q", fs.image.toString());
            Files.createDirectory(fs.mountPoint);
            Sh.ok("mount", "-o", userSubvolRmAllowed ? "loop,user_subvol_rm_allowed" : "loop", fs.image.toString(),
                    fs.mountPoint.toString());
            return fs;
        } catch (IOException | RuntimeException e) {
            try {
                fs.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** Where the filesystem is mounted. */
    public Path mountPoint() {
        return mountPoint;
    }

    /** A path inside the filesystem. */
    public Path path(String relative) {
        return mountPoint.resolve(relative);
    }

    /** The temp dir that holds image and mount point: scratch space outside the filesystem, removed by close. */
    public Path dir() {
        return dir;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        // a server closed a moment ago may still hold a file briefly: try a few times, then detach lazily
        for (int i = 0; i < 20 && isMounted(); i++) {
            if (Sh.run("umount", mountPoint.toString()).exitCode() != 0) {
                pause();
            }
        }
        if (isMounted()) {
            Sh r = Sh.run("umount", "--lazy", mountPoint.toString());
            if (r.exitCode() != 0) {
                failure = new IOException("cannot unmount " + mountPoint + ": " + r.stderr());
            }
        }
        if (Files.exists(image)) {
            for (String loop : Sh.run("losetup", "-n", "-O", "NAME", "-j", image.toString()).stdout().split("\\s+")) {
                if (!loop.isBlank()) {
                    Sh r = Sh.run("losetup", "-d", loop);
                    if (r.exitCode() != 0 && failure == null) {
                        failure = new IOException("cannot detach " + loop + ": " + r.stderr());
                    }
                }
            }
        }
        if (!isMounted()) {
            Trees.delete(dir);
        }
        if (failure != null) {
            throw failure;
        }
    }

    private boolean isMounted() throws IOException {
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .anyMatch(l -> l.split(" ")[1].equals(mountPoint.toString()));
    }

    private static void pause() throws IOException {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unmounting", e);
        }
    }
}
