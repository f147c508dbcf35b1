package byteback.server.status;

import byteback.btrfs.Btrfs;
import byteback.server.store.QuotaGroups;
import byteback.server.store.Snapshot;
import byteback.server.store.Store;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
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
    private final Optional<QuotaGroups> qgroups;

    /** @param walkLimit entries the estimate may walk per client; 0: no estimate (quota figures or unknown) */
    public DiscUsage(Store store, Btrfs btrfs, int walkLimit) {
        this.store = store;
        this.btrfs = btrfs;
        this.walkLimit = walkLimit;
        this.qgroups = QuotaGroups.of(store.root());
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

    private DiscUse fromQgroups(QuotaGroups q, String client, List<Snapshot> snapshots) throws IOException {
        long id = btrfs.info(store.current(client)).id();
        long referenced = q.referenced(id);
        long exclusive = q.exclusive(id);
        for (Snapshot s : snapshots) {
            exclusive += q.exclusive(btrfs.info(s.path()).id());
        }
        return new DiscUse(DiscUse.Method.QGROUPS, referenced, exclusive, !q.inconsistent());
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
}
