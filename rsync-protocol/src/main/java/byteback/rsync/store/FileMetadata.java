package byteback.rsync.store;

import java.time.Instant;
import java.util.List;

/**
 * What the receiver wants an entry to carry, as the client sent it (rsync: the file-list entry
 * that set_file_attrs applies). The store turns it into fake-super form: the on-disc mode, the
 * {@code user.rsync.%stat} xattr, the mapped xattr names and the ACL xattrs.
 *
 * @param mode       the client's full mode, type bits included (e.g. {@code 0104755} for a set-uid
 *                   regular file, {@code 020644} for a character device)
 * @param uid        the owner to record (numeric, as received with --numeric-ids or mapped)
 * @param gid        the group to record
 * @param rdevMajor  device major number; only used for character and block devices
 * @param rdevMinor  device minor number; only used for character and block devices
 * @param mtime      the modification time to set, or null to leave the time as it is (rsync sets
 *                   directory times after their contents; pass null until then)
 * @param xattrs     the complete set of the client's xattrs (names as on the client, full values),
 *                   or null to leave xattrs alone (no {@code -X}). With a list, stored {@code user.*}
 *                   xattrs not in the list are removed, except {@code user.rsync.%stat}
 *                   (rsync: xattrs.c rsync_xal_set). Names that map to {@code user.rsync.%...} are
 *                   ignored, as rsync ignores them without {@code -XX}.
 * @param accessAcl  the access ACL as received (rsync: acls.c recv_rsync_acl), or null to leave ACLs
 *                   alone (no {@code -A}); ignored for symlinks
 * @param defaultAcl a directory's default ACL as received, or null to leave it alone; a default ACL
 *                   whose {@code userObj} is {@link RsyncAcl#NO_ENTRY} removes the stored one
 */
public record FileMetadata(int mode, int uid, int gid, int rdevMajor, int rdevMinor, Instant mtime,
        List<Xattr> xattrs, RsyncAcl accessAcl, RsyncAcl defaultAcl) {

    public FileMetadata {
        if (xattrs != null) xattrs = List.copyOf(xattrs);
    }

    /** Mode, owner and time only: no device numbers, xattrs or ACLs touched. */
    public static FileMetadata of(int mode, int uid, int gid, Instant mtime) {
        return new FileMetadata(mode, uid, gid, 0, 0, mtime, null, null, null);
    }

    public FileMetadata withMtime(Instant t) {
        return new FileMetadata(mode, uid, gid, rdevMajor, rdevMinor, t, xattrs, accessAcl, defaultAcl);
    }

    public FileMetadata withDevice(int major, int minor) {
        return new FileMetadata(mode, uid, gid, major, minor, mtime, xattrs, accessAcl, defaultAcl);
    }

    public FileMetadata withXattrs(List<Xattr> x) {
        return new FileMetadata(mode, uid, gid, rdevMajor, rdevMinor, mtime, x, accessAcl, defaultAcl);
    }

    public FileMetadata withAcls(RsyncAcl access, RsyncAcl dflt) {
        return new FileMetadata(mode, uid, gid, rdevMajor, rdevMinor, mtime, xattrs, access, dflt);
    }
}
