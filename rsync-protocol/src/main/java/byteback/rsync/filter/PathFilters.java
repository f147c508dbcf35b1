package byteback.rsync.filter;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers "is this path excluded?" for any path of the receiver's tree, per-directory merge
 * files included, without the caller tracking directories: the {@link DirectoryFilters} of each
 * parent directory are built on demand (from the root down) and the most recently used ones
 * kept. Not thread-safe: one per thread (e.g. the generator's deletion pass).
 */
public final class PathFilters {
    /** Directories whose filters are kept. */
    static final int CACHE_SIZE = 128;
    /**
     * Most memory the kept directories' merge-file rules may hold together (by
     * {@link DirectoryFilters#weight}, which over-counts rules shared with parents): the least
     * recently used directories are dropped, and read again when needed.
     */
    static final long MAX_KEPT_WEIGHT = 8L << 20;

    private final FilterList list;
    private final MergeFileReader reader;
    private final boolean merging;
    private final Map<Key, DirectoryFilters> cache = new LinkedHashMap<>(16, 0.75f, true);
    private long keptWeight;
    private DirectoryFilters root;

    /**
     * @param reader reads merge files from the receiver's tree (confined to it); unused when
     *               the list has no per-directory merge rule
     */
    public PathFilters(FilterList list, MergeFileReader reader) {
        this.list = list;
        this.reader = reader;
        this.merging = list.hasPerDirMerge();
    }

    /** As {@link DirectoryFilters#check(byte[], boolean, boolean)} in the path's own directory. */
    public Match check(byte[] path, boolean isDirectory, boolean ignorePerishable) throws FilterException {
        if (!merging) {
            return list.check(path, isDirectory, ignorePerishable);
        }
        return scope(path, parentLength(path, path.length)).check(path, isDirectory, ignorePerishable);
    }

    /** Whether the path (relative to the transfer root) is protected from deletion. */
    public boolean isExcluded(byte[] path, boolean isDirectory) throws FilterException {
        return check(path, isDirectory, false) == Match.EXCLUDED;
    }

    /** The filters in force in the directory {@code path[0..len)} ("" is the root). */
    private DirectoryFilters scope(byte[] path, int len) throws FilterException {
        if (root == null) {
            root = list.root(reader);
        }
        // Find the deepest ancestor (or the directory itself) we already have...
        int known = len;
        DirectoryFilters filters = null;
        while (known > 0) {
            filters = cache.get(new Key(Arrays.copyOf(path, known)));
            if (filters != null) {
                break;
            }
            known = parentLength(path, known);
        }
        if (known == 0) {
            filters = root;
        }
        // ...then enter the directories below it, one level at a time.
        while (known < len) {
            int next = known == 0 ? 0 : known + 1;
            while (next < len && path[next] != '/') {
                next++;
            }
            byte[] dir = Arrays.copyOf(path, next);
            filters = filters.enter(dir);
            keep(new Key(dir), filters);
            known = next;
        }
        return filters;
    }

    /** Caches f, then drops the least recently used entries over the count or weight limits. */
    private void keep(Key key, DirectoryFilters f) {
        DirectoryFilters old = cache.put(key, f);
        keptWeight += f.weight() - (old == null ? 0 : old.weight());
        var it = cache.values().iterator();
        while ((cache.size() > CACHE_SIZE || keptWeight > MAX_KEPT_WEIGHT) && it.hasNext()) {
            DirectoryFilters eldest = it.next();
            if (eldest == f) {
                break; // the newest is the last in order: everything before it is gone
            }
            keptWeight -= eldest.weight();
            it.remove();
        }
    }

    /** What the kept directories' rules hold, by {@link DirectoryFilters#weight}. */
    long keptWeight() {
        return keptWeight;
    }

    /** Directories kept. */
    int kept() {
        return cache.size();
    }

    /** Length of the parent directory's name within path[0..len): up to the last slash, or 0. */
    private static int parentLength(byte[] path, int len) {
        for (int i = len - 1; i >= 0; i--) {
            if (path[i] == '/') {
                return i;
            }
        }
        return 0;
    }

    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
