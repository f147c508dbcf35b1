package byteback.rsync.sender;

import byteback.rsync.protocol.FileMode;

/**
 * One entry of a {@link SourceTree} as lstat describes it, with the client's real metadata.
 *
 * @param mode      type and permission bits (S_IFLNK for a symlink, S_IFCHR for a device, ...)
 * @param size      st_size as lstat gives it (a symlink: its target's length; a directory: what
 *                  the filesystem says), sent as rsync sends it (rsync: flist.c make_file)
 * @param mtimeNanos 0..999 999 999
 * @param rdevMajor device numbers (character and block devices; 0 otherwise)
 * @param device    st_dev and {@code inode}: hard-link identity (-H); 0,0 when unknown
 * @param links     st_nlink (only entries with more than one link are looked at for -H)
 */
public record SourceEntry(int mode, int uid, int gid, long size, long mtimeSeconds, int mtimeNanos,
        int rdevMajor, int rdevMinor, long device, long inode, long links) {

    public int type() {
        return FileMode.type(mode);
    }

    public boolean isDirectory() {
        return FileMode.isDirectory(mode);
    }

    public boolean isRegular() {
        return FileMode.isRegular(mode);
    }

    public boolean isSymlink() {
        return FileMode.isSymlink(mode);
    }
}
