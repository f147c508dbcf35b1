package byteback.btrfs;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A real btrfs filesystem for tests: a sparse image in a unique temp dir, attached to a loop device
 * and mounted. {@link #close()} unmounts it, detaches the loop device and removes the temp dir; it
 * also undoes a half-finished {@link #create}.
 */
final class LoopBtrfs implements AutoCloseable {

    private final Path base;
    private final Path image;
    private final Path mountPoint;
    private String loopDevice;
    private boolean mounted;

    private LoopBtrfs(Path base) {
        this.base = base;
        this.image = base.resolve("btrfs.img");
        this.mountPoint = base.resolve("mnt");
    }

    /** Makes and mounts a filesystem; with userSubvolRmAllowed it gets that mount option. */
    static LoopBtrfs create(boolean userSubvolRmAllowed) throws IOException {
        Path base = Files.createTempDirectory("byteback-btrfs-test-");
        // other users (the unprivileged test user) must be able to reach the mount point
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        LoopBtrfs fs = new LoopBtrfs(base);
        try {
            Command.ok("truncate", "-s", "256M", fs.image.toString());
            Command.ok("mkfs.btrfs", "-q", fs.image.toString());
            Files.createDirectory(fs.mountPoint);
            fs.loopDevice = Command.ok("losetup", "--find", "--show", fs.image.toString()).trim();
            String options = userSubvolRmAllowed ? "user_subvol_rm_allowed" : "defaults";
            Command.ok("mount", "-t", "btrfs", "-o", options, fs.loopDevice, fs.mountPoint.toString());
            fs.mounted = true;
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

    Path mountPoint() {
        return mountPoint;
    }

    /** A path inside the filesystem. */
    Path path(String relative) {
        return mountPoint.resolve(relative);
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        if (mounted) {
            Command c = Command.run("umount", mountPoint.toString());
            if (c.exitCode() != 0) {
                c = Command.run("umount", "-l", mountPoint.toString());
            }
            if (c.exitCode() == 0) {
                mounted = false;
            } else {
                failure = new IOException("cannot unmount " + mountPoint + ": " + c.stderr());
            }
        }
        if (loopDevice != null && !loopDevice.isEmpty()) {
            Command c = Command.run("losetup", "-d", loopDevice);
            if (c.exitCode() == 0 || !Command.run("losetup", loopDevice).stdout().contains(image.toString())) {
                loopDevice = null;
            } else if (failure == null) {
                failure = new IOException("cannot detach " + loopDevice + ": " + c.stderr());
            }
        }
        if (!mounted) {
            deleteTree(base);
        }
        if (failure != null) {
            throw failure;
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
