package byteback.server.diff;

import byteback.btrfs.Btrfs;
import byteback.btrfs.BtrfsException;
import byteback.btrfs.ChangedInode;
import byteback.btrfs.SubvolumeInfo;
import byteback.rsync.store.Store;
import byteback.rsync.store.StorePath;
import byteback.rsync.store.StoredEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The changes between two trees of one client ({@code current} or snapshots, each a btrfs
 * subvolume). When the newer tree descends from the same {@code current} as the older one, later,
 * and the process may search btrfs trees (root), btrfs says which inodes were written since the
 * older snapshot was taken ({@link Btrfs#changedInodes}); only their paths (and the entries of the
 * directories among them) are compared. Otherwise both trees are walked. Either way every reported
 * change is verified on both trees: attributes from {@code %stat} and xattrs, content byte for byte
 * unless it is known to be the same file, unwritten since.
 */
public final class SnapshotDiff {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotDiff.class);

    private final Btrfs btrfs;

    public SnapshotDiff(Btrfs btrfs) {
        this.btrfs = btrfs;
    }

    /**
     * @param useGenerations false to walk even where btrfs could tell (to check one against the other)
     */
    public DiffResult diff(Path olderDir, String olderName, Path newerDir, String newerName, boolean useGenerations)
            throws IOException {
        long start = System.nanoTime();
        try (Store older = Store.open(olderDir); Store newer = Store.open(newerDir)) {
            if (useGenerations) {
                try {
                    Long since = sinceTransid(olderDir, newerDir);
                    if (since != null) {
                        List<Change> changes = byGenerations(older, newer, newerDir, since);
                        return new DiffResult(olderName, newerName, changes, DiffResult.Method.GENERATIONS,
                                Duration.ofNanos(System.nanoTime() - start));
                    }
                } catch (BtrfsException e) {
                    LOG.debug("diff {} -> {}: walking both trees: {}", olderDir, newerDir, e.getMessage());
                }
            }
            TreeComparer comparer = new TreeComparer(older, newer, ContentCheck.SAME_INODE_AND_CTIME);
            comparer.comparePath(StorePath.ROOT, true);
            return new DiffResult(olderName, newerName, comparer.changes(), DiffResult.Method.WALK,
                    Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /**
     * The older tree's creation transaction when the newer tree is the same lineage, later: both
     * snapshots of one subvolume, or the newer is that subvolume itself. Null when not.
     */
    private Long sinceTransid(Path olderDir, Path newerDir) throws BtrfsException {
        SubvolumeInfo a = btrfs.info(olderDir), b = btrfs.info(newerDir);
        if (a.createdTransid() <= 0 || a.parentUuid() == null) return null;
        boolean siblings = a.parentUuid().equals(b.parentUuid()) && b.createdTransid() > a.createdTransid();
        boolean fromNewer = a.parentUuid().equals(b.uuid());
        return siblings || fromNewer ? a.createdTransid() : null;
    }

    /**
     * Whether {@code p} is the same inode with the same change time in both trees: a directory whose
     * entries did not change (adding, removing or renaming an entry moves its ctime), written only
     * for a new access time (a mount without noatime).
     */
    private static boolean sameInodeSameCtime(Store older, Store newer, StorePath p) throws IOException {
        StoredEntry a = older.lookup(p), b = newer.lookup(p);
        return a != null && b != null && a.inode() == b.inode() && a.ctime() != null && a.ctime().equals(b.ctime());
    }

    private List<Change> byGenerations(Store older, Store newer, Path newerDir, long since) throws IOException {
        Map<Long, ChangedInode> changed = btrfs.changedInodes(newerDir, since);
        ContentCheck unwritten = (StoredEntry a, StoredEntry b) -> {
            if (a.inode() != b.inode() || a.size() != b.size()) return false;
            ChangedInode c = changed.get(b.inode());
            return c == null || (!c.dataChanged() && c.createdTransid() < since);
        };
        TreeComparer comparer = new TreeComparer(older, newer, unwritten);
        for (ChangedInode c : changed.values()) {
            if (c.inode() == 256) { // the subvolume's top directory
                comparer.compareEntries(StorePath.ROOT, false);
                comparer.comparePath(StorePath.ROOT, false);
                continue;
            }
            for (byte[] name : btrfs.inodePaths(newerDir, c.inode())) {
                StorePath p = StorePath.parse(name);
                if (c.isDirectory() && !sameInodeSameCtime(older, newer, p)) comparer.compareEntries(p, false);
                comparer.comparePath(p, false);
            }
        }
        LOG.debug("diff by generations since transaction {}: {} changed inodes, {} paths compared", since,
                changed.size(), comparer.compared());
        return comparer.changes();
    }
}
