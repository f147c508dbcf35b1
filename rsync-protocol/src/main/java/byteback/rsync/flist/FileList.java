package byteback.rsync.flist;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * A received file list, sorted as rsync sorts it (rsync: flist.c flist_sort_and_clean, f_name_cmp).
 * The indices of {@link #entries()} are the file indices of the protocol: the sender sorts its list
 * the same way, and the generator/receiver exchange these numbers. Entries dropped as duplicates
 * stay in place with {@link FileEntry#removed()} set.
 */
public final class FileList {
    private final List<FileEntry> entries;
    private final int ioError;
    private final Map<Integer, String> userNames;
    private final Map<Integer, String> groupNames;

    FileList(List<FileEntry> entries, int ioError, Map<Integer, String> userNames,
            Map<Integer, String> groupNames) {
        this.entries = Collections.unmodifiableList(entries);
        this.ioError = ioError;
        this.userNames = Collections.unmodifiableMap(userNames);
        this.groupNames = Collections.unmodifiableMap(groupNames);
    }

    /** All entries in protocol index order, including removed duplicates. */
    public List<FileEntry> entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    /** The entry with protocol index {@code ndx}. */
    public FileEntry get(int ndx) {
        return entries.get(ndx);
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
}
