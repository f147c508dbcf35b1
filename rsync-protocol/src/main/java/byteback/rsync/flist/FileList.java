package byteback.rsync.flist;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A received file list, sorted as rsync sorts it (rsync: flist.c flist_sort_and_clean, f_name_cmp).
 * The indices of {@link #entries()} are the file indices of the protocol: the sender sorts its list
 * the same way, and the generator/receiver exchange these numbers. Entries dropped as duplicates
 * stay in place with {@link FileEntry#removed()} set.
 *
 * <p>The list is compact ({@link EntryColumns}): {@link #get} builds a fresh {@link FileEntry} for
 * the caller each time; nothing keeps it.
 */
public final class FileList {
    private final EntryColumns columns;
    /** Protocol index to row of {@link #columns}. */
    private final int[] rows;
    /** Protocol index of each row's hard-link group's first active entry, or -1 (only with -H). */
    private final int[] hardLinkFirst;
    private final boolean stripRoot;
    private final PathIndex paths;
    private final int ioError;
    private final Map<Integer, String> userNames;
    private final Map<Integer, String> groupNames;

    FileList(EntryColumns columns, int[] rows, int[] hardLinkFirst, boolean stripRoot, PathIndex paths,
            int ioError, Map<Integer, String> userNames, Map<Integer, String> groupNames) {
        this.columns = columns;
        this.rows = rows;
        this.hardLinkFirst = hardLinkFirst;
        this.stripRoot = stripRoot;
        this.paths = paths;
        this.ioError = ioError;
        this.userNames = Collections.unmodifiableMap(userNames);
        this.groupNames = Collections.unmodifiableMap(groupNames);
    }

    private long chargedBytes;
    private int chargedEntries;

    /** What reading this list charged to its budget (incremental recursion gives it back). */
    void charged(long bytes, int entries) {
        this.chargedBytes = bytes;
        this.chargedEntries = entries;
    }

    long chargedBytes() {
        return chargedBytes;
    }

    int chargedEntries() {
        return chargedEntries;
    }

    /** Whether the entry at {@code ndx} is a directory (removed duplicates included). */
    public boolean isDirectory(int ndx) {
        return columns.isDirectory(rows[ndx]);
    }

    /** All entries in protocol index order, including removed duplicates (built on access). */
    public List<FileEntry> entries() {
        return new AbstractList<>() {
            @Override
            public FileEntry get(int index) {
                return FileList.this.get(index);
            }

            @Override
            public int size() {
                return rows.length;
            }
        };
    }

    public int size() {
        return rows.length;
    }

    /** The entry with protocol index {@code ndx}, built afresh. */
    public FileEntry get(int ndx) {
        FileEntry e = columns.load(rows[ndx], new FileEntry());
        e.path = path(e, stripRoot);
        e.hardLinkFirst = hardLinkFirst == null ? -1 : hardLinkFirst[ndx];
        return e;
    }

    /** The final path of protocol index {@code ndx}, or null when it was removed as a duplicate. */
    public byte[] pathOf(int ndx) {
        FileEntry e = columns.loadName(rows[ndx], new FileEntry());
        return e.removed ? null : path(e, stripRoot);
    }

    /** Whether an active (not removed) entry has exactly this path (relative to the transfer root). */
    public boolean contains(byte[] path) {
        return paths.find(path) >= 0;
    }

    /**
     * The sender's io_error bits sent with the end of the list (rsync: IOERR_GENERAL 1,
     * IOERR_VANISHED 2, IOERR_DEL_LIMIT 4; other bits are masked off). Non-zero means the sender
     * could not read everything, so the receiver must not delete.
     */
    public int ioError() {
        return ioError;
    }

    /** uid to user name as the sender sent them (empty with --numeric-ids). */
    public Map<Integer, String> userNames() {
        return userNames;
    }

    /** gid to group name as the sender sent them (empty with --numeric-ids). */
    public Map<Integer, String> groupNames() {
        return groupNames;
    }

    /** The final path: --relative's leading slashes stripped, "dir/." reduced to "dir". */
    static byte[] path(FileEntry e, boolean stripRoot) {
        byte[] dir = e.dirname;
        int from = 0;
        if (stripRoot && dir != null) {
            while (from < dir.length && dir[from] == '/') {
                from++;
            }
            if (from == dir.length) {
                dir = null;
            }
        }
        byte[] b = e.baseArray();
        int off = e.baseOffset();
        int len = e.baseLength();
        if (dir == null) {
            return e.nameBuf == null ? e.basename : Arrays.copyOfRange(b, off, off + len);
        }
        if (e.baseIsDot()) {
            return Arrays.copyOfRange(dir, from, dir.length);
        }
        int n = dir.length - from;
        byte[] p = new byte[n + 1 + len];
        System.arraycopy(dir, from, p, 0, n);
        p[n] = '/';
        System.arraycopy(b, off, p, n + 1, len);
        return p;
    }
}
