package byteback.server.status;

import byteback.btrfs.Btrfs;
import byteback.server.store.Snapshot;
import byteback.server.store.Store;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * A client's disc use. With btrfs quotas enabled ({@code btrfs quota enable ROOT}) the kernel keeps
 * exact figures per subvolume, read from {@code /sys/fs/btrfs/<fsid>/qgroups/0_<id>/}; otherwise
 * an estimate: the apparent size of the files in {@code current}, from a walk that stops after
 * {@code walkLimit} entries (so {@code status} stays quick on stores with millions of files; the
 * figure is then a lower bound and says so).
 */
public final class DiscUsage {
    public static final int DEFAULT_WALK_LIMIT = 200_000;

    private final Store store;
    private final Btrfs btrfs;
    private final int walkLimit;
    private final Optional<Path> qgroups;

    /** @param walkLimit entries the estimate may walk per client; 0: no estimate (quota figures or unknown) */
    public DiscUsage(Store store, Btrfs btrfs, int walkLimit) {
        this.store = store;
        this.btrfs = btrfs;
        this.walkLimit = walkLimit;
        this.qgroups = QgroupDirectory.of(store.root());
    }

    /** Whether the figures come from btrfs quota groups. */
    public boolean quotas() {
        return qgroups.isPresent();
    }

    public DiscUse of(String client, List<Snapshot> snapshots) {
        if (qgroups.isPresent()) {
            try {
                return fromQgroups(qgroups.get(), client, snapshots);
            } catch (IOException | RuntimeException e) {
                // quotas switched off meanwhile, or a subvolume went: estimate instead
            }
        }
        if (walkLimit <= 0) return DiscUse.UNKNOWN; // no estimate wanted (the metrics: quotas or nothing)
        try {
            return estimate(store.current(client));
        } catch (IOException | RuntimeException e) {
            return DiscUse.UNKNOWN;
        }
    }

    private DiscUse fromQgroups(Path dir, String client, List<Snapshot> snapshots) throws IOException {
        long referenced = qgroup(dir, btrfs.info(store.current(client)).id(), "referenced");
        long exclusive = qgroup(dir, btrfs.info(store.current(client)).id(), "exclusive");
        for (Snapshot s : snapshots) {
            exclusive += qgroup(dir, btrfs.info(s.path()).id(), "exclusive");
        }
        return new DiscUse(DiscUse.Method.QGROUPS, referenced, exclusive, !inconsistent(dir));
    }

    /** btrfs says its quota figures are out of date until {@code btrfs quota rescan} has run. */
    private static boolean inconsistent(Path dir) {
        try {
            return Files.readString(dir.resolve("inconsistent")).trim().equals("1");
        } catch (IOException e) {
            return false; // older kernels do not say
        }
    }

    private static long qgroup(Path dir, long subvolume, String what) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("0_" + subvolume).resolve(what)).trim());
    }

    /** The apparent size of the files beneath {@code current}, never following a symlink. */
    DiscUse estimate(Path current) throws IOException {
        long[] bytes = {0};
        int[] seen = {0};
        boolean[] cut = {false};
        Files.walkFileTree(current, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                return count();
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
                if (a.isRegularFile()) bytes[0] += a.size();
                return count();
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
                return FileVisitResult.CONTINUE;
            }

            private FileVisitResult count() {
                if (++seen[0] > walkLimit) {
                    cut[0] = true;
                    return FileVisitResult.TERMINATE;
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return new DiscUse(DiscUse.Method.ESTIMATE, bytes[0], -1, !cut[0]);
    }

    /** Finds {@code /sys/fs/btrfs/<fsid>/qgroups} of the filesystem that holds ROOT. */
    static final class QgroupDirectory {
        private QgroupDirectory() {}

        static Optional<Path> of(Path root) {
            try {
                Optional<String> device = deviceOf(root.toRealPath());
                if (device.isEmpty()) return Optional.empty();
                try (DirectoryStream<Path> fss = Files.newDirectoryStream(Path.of("/sys/fs/btrfs"))) {
                    for (Path fs : fss) {
                        if (Files.exists(fs.resolve("devices").resolve(device.get()), LinkOption.NOFOLLOW_LINKS)) {
                            Path q = fs.resolve("qgroups");
                            return Files.isDirectory(q) ? Optional.of(q) : Optional.empty();
                        }
                    }
                }
            } catch (IOException | RuntimeException e) {
                // no sysfs, no mountinfo: no quotas to read
            }
            return Optional.empty();
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
                boolean under = path.toString().equals(mountPoint)
                        || path.startsWith(Path.of(mountPoint));
                if (under && mountPoint.length() >= bestLength) {
                    best = f[dash + 2];
                    bestLength = mountPoint.length();
                }
            }
            if (best == null || !best.startsWith("/dev/")) return Optional.empty();
            return Optional.of(Path.of(best).toRealPath().getFileName().toString());
        }
    }
}
