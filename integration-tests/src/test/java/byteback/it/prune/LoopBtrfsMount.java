package byteback.it.prune;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A small real btrfs for the pruning tests: a sparse image in a unique temp dir, mounted with
 * {@code mount -o loop,user_subvol_rm_allowed}. {@link #close()} unmounts it, detaches the loop
 * device and removes everything, also after a half-finished {@link #create}.
 */
final class LoopBtrfsMount implements AutoCloseable {
    private final Path base;
    private final Path image;
    private final Path mountPoint;
    private boolean mounted;

    private LoopBtrfsMount(Path base) {
        this.base = base;
        this.image = base.resolve("store.img");
        this.mountPoint = base.resolve("mnt");
    }

    static LoopBtrfsMount create(String size) throws IOException {
        Path base = Files.createTempDirectory("byteback-prune-it-");
        Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        LoopBtrfsMount fs = new LoopBtrfsMount(base);
        try {
            Sh.ok("truncate", "-s", size, fs.image.toString());
            Sh.ok("mkfs.btrfs", "-q", fs.image.toString());
            Files.createDirectory(fs.mountPoint);
            Sh.ok("mount", "-o", "loop,user_subvol_rm_allowed", fs.image.toString(), fs.mountPoint.toString());
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

    @Override
    public void close() throws IOException {
        IOException failure = null;
        String loops = Files.exists(image) ? Sh.run("losetup", "-n", "-O", "NAME", "-j", image.toString()).stdout() : "";
        if (mounted) {
            Sh r = Sh.run("umount", mountPoint.toString());
            if (r.exitCode() != 0) {
                r = Sh.run("umount", "-l", mountPoint.toString());
            }
            if (r.exitCode() == 0) {
                mounted = false;
            } else {
                failure = new IOException("cannot unmount " + mountPoint + ": " + r.stderr());
            }
        }
        for (String loop : loops.split("\\s+")) {
            if (!loop.isBlank() && Sh.run("losetup", loop).stdout().contains(image.toString())) {
                Sh r = Sh.run("losetup", "-d", loop);
                if (r.exitCode() != 0 && failure == null) {
                    failure = new IOException("cannot detach " + loop + ": " + r.stderr());
                }
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
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
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
