package byteback.rsync.store;

import byteback.rsync.protocol.FileMode;

import java.time.Instant;
import java.util.List;

/**
 * An entry as it is stored, seen as the client's file (rsync: syscall.c x_lstat, which reads
 * {@code user.rsync.%stat} over the real lstat). Xattrs and ACLs are read separately
 * ({@link Store#readXattrs}, {@link Store#readAcl}) because only {@code -X} / {@code -A} need them.
 *
 * @param diskType      what the entry really is on disc
 * @param mode          the client's mode with type bits: from {@code %stat} when present, else the
 *                      mode on disc
 * @param uid           the client's uid ({@code %stat}, else the owner on disc)
 * @param gid           the client's gid
 * @param rdevMajor     device major number (devices only, else 0)
 * @param rdevMinor     device minor number
 * @param size          the size on disc in bytes (a stored symlink: its target's length)
 * @param mtime         the modification time on disc
 * @param device        st_dev on disc (with {@code inode}: hard-link identity)
 * @param inode         st_ino on disc
 * @param links         st_nlink on disc
 * @param symlinkTarget for a stored symlink (the mode says symlink, a regular file on disc): the
 *                      file's content (at most 4096 bytes read); for a real symlink found in the
 *                      store: an empty array, so it never matches a target and gets replaced
 *                      (rsync: syscall.c do_readlink under fake-super); else null
 * @param hasStatXattr  whether {@code user.rsync.%stat} is present
 * @param xattrs        the client's xattrs as {@link Store#readXattrs} reads them, when asked for
 *                      ({@link Store#lookup(StorePath, boolean)}), else null
 * @param ctime         the inode's change time on disc (null when unknown): with {@code inode}, tells two
 *                      snapshots' copies of a file apart without reading them (a snapshot keeps ctime)
 * @param storedAcls    which ACL xattrs the entry has ({@link #ACCESS_ACL}, {@link #DEFAULT_ACL} bits),
 *                      known when the xattrs were read ({@code xattrs} not null), else
 *                      {@link #ACLS_UNKNOWN}: lets a reader skip {@link Store#readAcl} for the many
 *                      entries without one
 */
public record StoredEntry(DiskType diskType, int mode, int uid, int gid, int rdevMajor, int rdevMinor,
        long size, Instant mtime, long device, long inode, long links, byte[] symlinkTarget,
        boolean hasStatXattr, List<Xattr> xattrs, Instant ctime, int storedAcls) {

    /** {@link #storedAcls}: not looked at. */
    public static final int ACLS_UNKNOWN = -1;
    /** {@link #storedAcls} bit: {@code user.rsync.%aacl} is present. */
    public static final int ACCESS_ACL = 1;
    /** {@link #storedAcls} bit: {@code user.rsync.%dacl} is present. */
    public static final int DEFAULT_ACL = 2;

    /** Without knowing which ACLs are stored. */
    public StoredEntry(DiskType diskType, int mode, int uid, int gid, int rdevMajor, int rdevMinor,
            long size, Instant mtime, long device, long inode, long links, byte[] symlinkTarget,
            boolean hasStatXattr, List<Xattr> xattrs, Instant ctime) {
        this(diskType, mode, uid, gid, rdevMajor, rdevMinor, size, mtime, device, inode, links, symlinkTarget,
                hasStatXattr, xattrs, ctime, ACLS_UNKNOWN);
    }

    /** Whether {@link Store#readAcl} could find an ACL of this kind (false only when known absent). */
    public boolean mayHaveAcl(boolean defaultAcl) {
        return storedAcls == ACLS_UNKNOWN || (storedAcls & (defaultAcl ? DEFAULT_ACL : ACCESS_ACL)) != 0;
    }

    /** Without the change time. */
    public StoredEntry(DiskType diskType, int mode, int uid, int gid, int rdevMajor, int rdevMinor,
            long size, Instant mtime, long device, long inode, long links, byte[] symlinkTarget,
            boolean hasStatXattr, List<Xattr> xattrs) {
        this(diskType, mode, uid, gid, rdevMajor, rdevMinor, size, mtime, device, inode, links, symlinkTarget,
                hasStatXattr, xattrs, null);
    }

    /** What an entry really is on disc. */
    public enum DiskType {
        /** A regular file: a stored file, symlink, device, fifo or socket. */
        REGULAR,
        /** A real directory. */
        DIRECTORY,
        /** A real symlink (not written by us): never followed; replace or delete it. */
        SYMLINK,
        /** A real device, fifo or socket (not written by us): never opened; replace or delete it. */
        OTHER
    }

    /** The client's type bits ({@link FileMode#S_IFREG}, ...). */
    public int type() {
        return FileMode.type(mode);
    }

    /** Whether this is a real directory on disc (the only kind of entry one can descend into). */
    public boolean isDirectory() {
        return diskType == DiskType.DIRECTORY;
    }
}
