package byteback.btrfs;

/**
 * An inode whose item in a subvolume's tree was written in or after a given transaction
 * ({@link Btrfs#changedInodes}).
 *
 * @param inode          the inode number (btrfs objectid)
 * @param mode           st_mode on disc (type and permission bits)
 * @param createdTransid the transaction the inode was created in (btrfs inode generation): an inode
 *                       created after an older snapshot is not the file of that snapshot with the same number
 * @param transid        the last transaction that changed the inode item
 * @param size           st_size
 * @param dataChanged    whether any of its data extents (or inline data) was written in or after the
 *                       transaction asked about; false means its content is the same as then, as long as
 *                       the inode already existed then and its size did not change
 */
public record ChangedInode(long inode, int mode, long createdTransid, long transid, long size, boolean dataChanged) {

    public boolean isDirectory() {
        return (mode & 0170000) == 0040000;
    }
}
