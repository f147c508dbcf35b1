package byteback.server.diff;

import byteback.rsync.store.BasisFile;
import byteback.rsync.store.Store;
import byteback.rsync.store.StorePath;
import byteback.rsync.store.StoredEntry;
import byteback.server.diff.Change.Kind;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Compares paths of two stores (two snapshots of one client), descriptor-relative and without
 * following any symlink (the stores' rules), and collects the changes, one per path.
 */
final class TreeComparer {
    private static final int CHUNK = 256 * 1024;

    private final Store older;
    private final Store newer;
    private final ContentCheck check;
    private final Map<StorePath, Change> changes = new TreeMap<>();
    private long compared;

    TreeComparer(Store older, Store newer, ContentCheck check) {
        this.older = older;
        this.newer = newer;
        this.check = check;
    }

    /** The changes found so far, sorted by path. */
    List<Change> changes() {
        return new ArrayList<>(changes.values());
    }

    /** How many paths were looked at on both sides. */
    long compared() {
        return compared;
    }

    /**
     * Compares {@code path} on both sides. Present on one side only: added or removed, with
     * everything beneath it. Present on both: its own attributes; with {@code deep}, a directory's
     * entries too, all the way down.
     */
    void comparePath(StorePath path, boolean deep) throws IOException {
        compared++;
        StoredEntry a = older.lookup(path, true), b = newer.lookup(path, true);
        if (a == null && b == null) return;
        if (a == null) {
            addSubtree(newer, path, b, Kind.ADDED);
            return;
        }
        if (b == null) {
            addSubtree(older, path, a, Kind.REMOVED);
            return;
        }
        boolean same = true;
        if (EntryType.of(a.mode()) == EntryType.FILE && EntryType.of(b.mode()) == EntryType.FILE) {
            same = a.size() == b.size() && (check.knownSame(a, b) || sameBytes(path));
        }
        List<Change.Aspect> aspects = EntryComparison.compare(a, b, same);
        if (!aspects.isEmpty()) {
            changes.put(path, new Change(path.bytes(), Kind.CHANGED, EntryType.of(b.mode()), b.size(), aspects));
        }
        if (a.isDirectory() && b.isDirectory()) {
            if (deep) compareEntries(path, true);
        } else if (a.isDirectory()) {
            for (byte[] n : older.list(path)) addSubtree(older, path.resolve(n), null, Kind.REMOVED);
        } else if (b.isDirectory()) {
            for (byte[] n : newer.list(path)) addSubtree(newer, path.resolve(n), null, Kind.ADDED);
        }
    }

    /**
     * Compares the names in directory {@code dir} on both sides: a name on one side only is added or
     * removed; a name on both is compared when {@code deep}, or else only when it is a different
     * inode on each side (replaced: compared deeply). Does nothing unless both sides are directories.
     */
    void compareEntries(StorePath dir, boolean deep) throws IOException {
        StoredEntry da = older.lookup(dir), db = newer.lookup(dir);
        if (da == null || db == null || !da.isDirectory() || !db.isDirectory()) return;
        List<byte[]> na = sorted(older.list(dir)), nb = sorted(newer.list(dir));
        int i = 0, j = 0;
        while (i < na.size() || j < nb.size()) {
            int c = i == na.size() ? 1 : j == nb.size() ? -1 : Arrays.compareUnsigned(na.get(i), nb.get(j));
            if (c < 0) {
                addSubtree(older, dir.resolve(na.get(i++)), null, Kind.REMOVED);
            } else if (c > 0) {
                addSubtree(newer, dir.resolve(nb.get(j++)), null, Kind.ADDED);
            } else {
                StorePath p = dir.resolve(na.get(i));
                i++;
                j++;
                if (deep) {
                    comparePath(p, true);
                } else {
                    StoredEntry a = older.lookup(p), b = newer.lookup(p);
                    if (a != null && b != null && a.inode() != b.inode()) comparePath(p, true);
                }
            }
        }
    }

    /** Records {@code path} and everything beneath it as added to or removed from {@code store}. */
    private void addSubtree(Store store, StorePath path, StoredEntry known, Kind kind) throws IOException {
        StoredEntry e = known != null ? known : store.lookup(path);
        if (e == null) return;
        compared++;
        changes.put(path, new Change(path.bytes(), kind, EntryType.of(e.mode()), e.size(), List.of()));
        if (e.isDirectory()) {
            for (byte[] n : store.list(path)) addSubtree(store, path.resolve(n), null, kind);
        }
    }

    private boolean sameBytes(StorePath path) throws IOException {
        try (BasisFile a = older.openBasis(path); BasisFile b = newer.openBasis(path)) {
            if (a == null || b == null) return false;
            if (a.size() != b.size()) return false;
            byte[] x = new byte[CHUNK], y = new byte[CHUNK];
            for (long pos = 0; pos < a.size(); pos += CHUNK) {
                int n = (int) Math.min(CHUNK, a.size() - pos);
                a.readFully(pos, x, 0, n);
                b.readFully(pos, y, 0, n);
                if (!Arrays.equals(x, 0, n, y, 0, n)) return false;
            }
            return true;
        }
    }

    private static List<byte[]> sorted(List<byte[]> names) {
        List<byte[]> s = new ArrayList<>(names);
        s.sort(Arrays::compareUnsigned);
        return s;
    }
}
