package byteback.rsync.receiver;

import byteback.rsync.protocol.FileMode;
import byteback.rsync.store.RsyncAcl;
import byteback.rsync.store.StorePath;
import byteback.rsync.store.Xattr;
import java.util.List;

/**
 * One entry of the received file list as the generator and receiver use it: its validated path
 * beneath the destination and the attributes to store.
 *
 * @param ndx            its index in the sorted list (rsync: the file index on the wire)
 * @param path           the validated destination path ({@link StorePath#ROOT} for ".")
 * @param mode           the client's full mode with type bits
 * @param linkTarget     a symlink's target, else null
 * @param checksum       the sender's whole-file checksum (--checksum), else null
 * @param xattrs         the client's xattrs with full values (null without -X)
 * @param abbreviatedXattrs xattrs sent as a checksum only; their values must be requested
 * @param xattrSet       the index of the sender's xattr set (shared by entries), -1 without one
 * @param contentDir     a directory whose contents were sent (deletions look into it)
 * @param hardLinkLeader for a hard-linked entry that is not its group's first: the first's index;
 *                       else -1 (without incremental recursion)
 * @param hardLinkGroup  with incremental recursion, a hard-linked entry's group number (rsync:
 *                       F_HL_GNUM), else -1
 */
public record ListedFile(int ndx, StorePath path, int mode, long size, long mtimeSeconds, int mtimeNanos,
        int uid, int gid, int rdevMajor, int rdevMinor, byte[] linkTarget, byte[] checksum,
        List<Xattr> xattrs, List<AbbreviatedXattr> abbreviatedXattrs, int xattrSet, RsyncAcl accessAcl, RsyncAcl defaultAcl, boolean contentDir, int hardLinkLeader,
        int hardLinkGroup) {

    /** The same entry under another protocol index (a directory as its contents' list names it). */
    public ListedFile withNdx(int newNdx) {
        return new ListedFile(newNdx, path, mode, size, mtimeSeconds, mtimeNanos, uid, gid, rdevMajor, rdevMinor,
                linkTarget, checksum, xattrs, abbreviatedXattrs, xattrSet, accessAcl, defaultAcl, contentDir,
                hardLinkLeader, hardLinkGroup);
    }

    public int type() {
        return FileMode.type(mode);
    }

    public boolean isRegular() {
        return FileMode.isRegular(mode);
    }

    public boolean isDirectory() {
        return FileMode.isDirectory(mode);
    }

    public boolean isSymlink() {
        return FileMode.isSymlink(mode);
    }

    /** Device, fifo or socket. */
    public boolean isSpecialOrDevice() {
        return FileMode.isDevice(mode) || FileMode.isSpecial(mode);
    }

    public String displayName() {
        return path.isRoot() ? "." : new String(path.bytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
}
