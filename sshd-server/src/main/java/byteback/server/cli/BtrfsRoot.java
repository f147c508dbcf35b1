package byteback.server.cli;

import byteback.btrfs.Btrfs;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure ROOT is on btrfs. For the default root, run as root, a sparse btrfs image beside it is
 * created once (mkfs.btrfs, the one external tool used, and only for this setup step) and
 * loop-mounted with user_subvol_rm_allowed; later starts mount the same image again. Otherwise it
 * stops with the exact steps to prepare a btrfs filesystem.
 */
final class BtrfsRoot {
    private final Btrfs btrfs;
    private final PrintStream out;

    BtrfsRoot(Btrfs btrfs, PrintStream out) {
        this.btrfs = btrfs;
        this.out = out;
    }

    void prepare(Path root, boolean isDefault, long imageSize) throws IOException, InterruptedException {
        if (Files.isDirectory(root) && btrfs.isBtrfs(root)) return;
        Path image = root.resolveSibling(root.getFileName() + ".btrfs.img");
        boolean amRoot = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid") == 0;
        if (!isDefault || !amRoot) throw new IOException(howTo(root, image));
        Files.createDirectories(root);
        try (var entries = Files.list(root)) {
            if (entries.findAny().isPresent()) {
                throw new IOException(root + " is not empty and not on btrfs; byteback will not mount over it.\n" + howTo(root, image));
            }
        }
        if (!Files.exists(image)) {
            try (RandomAccessFile f = new RandomAccessFile(image.toFile(), "rw")) {
                f.setLength(imageSize);
            }
            run(List.of("mkfs.btrfs", "-q", image.toString()));
            out.println("byteback: created a " + imageSize / (1L << 30) + " GiB sparse btrfs image " + image);
        }
        run(List.of("mount", "-o", "loop,user_subvol_rm_allowed", image.toString(), root.toString()));
        out.println("byteback: " + root + " was not on btrfs: mounted the btrfs image " + image + " on it"
                + " (loop,user_subvol_rm_allowed). To mount it at boot add to /etc/fstab:\n  " + image + " " + root
                + " btrfs loop,user_subvol_rm_allowed 0 0");
    }

    static String howTo(Path root, Path image) {
        return root + " is not on a btrfs filesystem. byteback keeps backups in btrfs subvolumes. Prepare one as root,"
                + " either on a spare partition:\n"
                + "  mkfs.btrfs /dev/SPARE && mkdir -p " + root + " && mount -o user_subvol_rm_allowed /dev/SPARE " + root + "\n"
                + "or in an image file:\n"
                + "  truncate -s 10G " + image + " && mkfs.btrfs " + image + "\n"
                + "  mkdir -p " + root + " && mount -o loop,user_subvol_rm_allowed " + image + " " + root + "\n"
                + "then give it to the user that runs the server (chown byteback: " + root + ") and add the mount to /etc/fstab."
                + " (Run as root without --root, serve does this itself for " + RootOption.DEFAULT + ".)";
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(output).strip());
        }
    }
}
