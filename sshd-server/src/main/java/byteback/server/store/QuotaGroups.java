package byteback.server.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * btrfs quota groups of the filesystem that holds ROOT, as the kernel shows them in
 * {@code /sys/fs/btrfs/<fsid>/qgroups/} while quotas are enabled ({@code btrfs quota enable
 * ROOT}): per subvolume the bytes it references and those only it references, exact as of the
 * last transaction commit. Readable by any user.
 */
public final class QuotaGroups {
    private final Path dir;

    private QuotaGroups(Path dir) {
        this.dir = dir;
    }

    /** The quota groups of the filesystem holding {@code root}; empty when quotas are off (or not btrfs). */
    public static Optional<QuotaGroups> of(Path root) {
        try {
            Optional<String> device = deviceOf(root.toRealPath());
            if (device.isEmpty()) return Optional.empty();
            try (DirectoryStream<Path> fss = Files.newDirectoryStream(Path.of("/sys/fs/btrfs"))) {
                for (Path fs : fss) {
                    if (Files.exists(fs.resolve("devices").resolve(device.get()), LinkOption.NOFOLLOW_LINKS)) {
                        Path q = fs.resolve("qgroups");
                        return Files.isDirectory(q) ? Optional.of(new QuotaGroups(q)) : Optional.empty();
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // no sysfs, no mountinfo: no quotas to read
        }
        return Optional.empty();
    }

    /** Bytes the subvolume with this id references (shared with snapshots or not). */
    public long referenced(long subvolume) throws IOException {
        return read(subvolume, "referenced");
    }

    /** Bytes only the subvolume with this id references: what deleting it would free. */
    public long exclusive(long subvolume) throws IOException {
        return read(subvolume, "exclusive");
    }

    /**
     * Whether btrfs says its figures are out of date (after some subvolume deletions, until
     * {@code btrfs quota rescan}); the kernel then stops counting.
     */
    public boolean inconsistent() {
        try {
            return Files.readString(dir.resolve("inconsistent")).trim().equals("1");
        } catch (IOException e) {
            return false; // older kernels do not say
        }
    }

    /** "qgroup" (full accounting) or "squota" (simple quotas); "qgroup" where the kernel does not say. */
    public String mode() {
        try {
            return Files.readString(dir.resolve("mode")).trim();
        } catch (IOException e) {
            return "qgroup";
        }
    }

    private long read(long subvolume, String what) throws IOException {
        try {
            return Long.parseLong(Files.readString(dir.resolve("0_" + subvolume).resolve(what)).trim());
        } catch (NumberFormatException e) {
            throw new IOException("unreadable quota group figure " + what + " of subvolume " + subvolume, e);
        }
    }

    /** The kernel's name of the block device mounted at the longest mount point above {@code path}. */
    private static Optional<String> deviceOf(Path path) throws IOException {
        String best = null;
        int bestLength = -1;
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] f = line.split(" ");
            int dash = List.of(f).indexOf("-");
            if (f.length < 7 || dash < 6 || dash + 2 >= f.length || !f[dash + 1].equals("btrfs")) continue;
            String mountPoint = f[4].replace("\\040", " ");
            boolean under = path.toString().equals(mountPoint) || path.startsWith(Path.of(mountPoint));
            if (under && mountPoint.length() >= bestLength) {
                best = f[dash + 2];
                bestLength = mountPoint.length();
            }
        }
        if (best == null || !best.startsWith("/dev/")) return Optional.empty();
        return Optional.of(Path.of(best).toRealPath().getFileName().toString());
    }
}
