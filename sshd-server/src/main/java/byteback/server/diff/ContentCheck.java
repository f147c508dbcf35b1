package byteback.server.diff;

import byteback.rsync.store.StoredEntry;

/**
 * Whether two stored regular files of the same size certainly have the same bytes without reading
 * them. When it cannot tell, the comparer reads both.
 */
interface ContentCheck {
    boolean knownSame(StoredEntry older, StoredEntry newer);

    /**
     * The walk's rule: the same inode with the same change time (to the nanosecond) is one file that
     * has not been written since: a btrfs snapshot keeps the inode's number and ctime, and every write
     * moves the ctime.
     */
    ContentCheck SAME_INODE_AND_CTIME = (a, b) -> a.inode() == b.inode() && a.ctime() != null
            && a.ctime().equals(b.ctime()) && a.size() == b.size();
}
