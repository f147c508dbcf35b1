package byteback.rsync.flist;

import java.nio.charset.StandardCharsets;

/**
 * One entry of a received file list (rsync: rsync.h struct file_struct). Read-only to callers;
 * the package's reader fills it in.
 *
 * <p>{@link #path()} is relative to the transfer root, cleaned (no empty, "." or ".." components,
 * no leading or trailing '/'), except the transfer root itself, which is ".". uid and gid are
 * unsigned 32-bit values held in an int ({@link Integer#toUnsignedLong}).
 */
public final class FileEntry {
    /** rsync: FLAG_TOP_DIR — a directory named on the sender's command line. */
    public static final int FLAG_TOP_DIR = 1;
    /** rsync: FLAG_CONTENT_DIR — a directory whose contents are in the list (--delete scope). */
    public static final int FLAG_CONTENT_DIR = 1 << 2;
    /** rsync: FLAG_IMPLIED_DIR — a parent directory implied by --relative, contents not sent. */
    public static final int FLAG_IMPLIED_DIR = 1 << 6;

    // file type bits of st_mode
    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    byte[] path;
    /** As received (before --relative's leading '/' is stripped): the part before the last '/', or null. */
    byte[] dirname;
    /** The part after the last '/' (null while {@link #nameBuf} holds it). */
    byte[] basename;
    /** When set, the basename is nameBuf[nameOff, nameOff + nameLen) (a compact list's arena). */
    byte[] nameBuf;
    int nameOff;
    int nameLen;
    int mode;
    long size;
    long mtime;
    int mtimeNanos;
    long atime;
    long crtime;
    int uid;
    int gid;
    int rdevMajor;
    int rdevMinor;
    byte[] symlinkTarget;
    int flags;
    boolean hardLinked;
    int hardLinkGroup = -1;
    int hardLinkFirst = -1;
    byte[] checksum;
    XattrSet xattrs;
    Acl accessAcl;
    Acl defaultAcl;
    boolean removed;
    int wireIndex;

    FileEntry() {}

    /** The array holding the basename: {@link #basename} or the arena slice. */
    byte[] baseArray() {
        return nameBuf != null ? nameBuf : basename;
    }

    int baseOffset() {
        return nameBuf != null ? nameOff : 0;
    }

    int baseLength() {
        return nameBuf != null ? nameLen : basename.length;
    }

    /** The basename is exactly ".". */
    boolean baseIsDot() {
        return baseLength() == 1 && baseArray()[baseOffset()] == '.';
    }

    /** Path bytes relative to the transfer root ("." for the root itself). */
    public byte[] path() {
        return path.clone();
    }

    /** The path decoded as UTF-8 (lossy; for messages and logs, not for file system access). */
    public String name() {
        return new String(path, StandardCharsets.UTF_8);
    }

    /** st_mode: type bits and permission bits (including set-id and sticky). */
    public int mode() {
        return mode;
    }

    public int type() {
        return mode & S_IFMT;
    }

    public boolean isDirectory() {
        return type() == S_IFDIR;
    }

    public boolean isRegular() {
        return type() == S_IFREG;
    }

    public boolean isSymlink() {
        return type() == S_IFLNK;
    }

    public boolean isDevice() {
        return type() == S_IFCHR || type() == S_IFBLK;
    }

    public boolean isSpecial() {
        return type() == S_IFIFO || type() == S_IFSOCK;
    }

    /** Length in bytes (0 for devices; rsync sends a length for every entry). */
    public long size() {
        return size;
    }

    /** Modification time, seconds since the epoch (may be negative). */
    public long mtime() {
        return mtime;
    }

    /** Nanoseconds of the modification time, 0..999999999 (0 before protocol 31). */
    public int mtimeNanos() {
        return mtimeNanos;
    }

    /** Access time (only with --atimes, non-directories), else 0. */
    public long atime() {
        return atime;
    }

    /** Creation time (only with --crtimes), else 0. */
    public long crtime() {
        return crtime;
    }

    /** The sender's uid (unsigned), 0 when -o is off. */
    public int uid() {
        return uid;
    }

    /** The sender's gid (unsigned), 0 when -g is off. */
    public int gid() {
        return gid;
    }

    /** Device major number (devices with -D; fifos/sockets carry one in protocol 30), else 0. */
    public int rdevMajor() {
        return rdevMajor;
    }

    public int rdevMinor() {
        return rdevMinor;
    }

    /** Symlink target bytes (with -l), or null for non-symlinks. */
    public byte[] symlinkTarget() {
        return symlinkTarget == null ? null : symlinkTarget.clone();
    }

    /** FLAG_TOP_DIR, FLAG_CONTENT_DIR, FLAG_IMPLIED_DIR bits (directories only). */
    public int flags() {
        return flags;
    }

    /**
     * With -H: index in the sorted {@link FileList} of the first (active) entry of this entry's
     * hard-link group. The first entry itself has {@code hardLinkFirst() == its own index} and is
     * transferred; the others are linked to it. -1 when the entry is not hard-linked to any other
     * active entry of the list (rsync: hlink.c match_hard_links).
     */
    public int hardLinkFirst() {
        return hardLinkFirst;
    }

    /**
     * With -H and incremental recursion: the entry's hard-link group number, the protocol index
     * of the group's first entry, perhaps in an earlier list (rsync: F_HL_GNUM); -1 when the entry
     * is not hard-linked.
     */
    public int hardLinkGroupNumber() {
        return hardLinked ? hardLinkGroup : -1;
    }

    /** The whole-file checksum sent with -c (regular files), or null. */
    public byte[] checksum() {
        return checksum == null ? null : checksum.clone();
    }

    /** The entry's xattrs with -X (possibly shared with other entries), or null without -X. */
    public XattrSet xattrs() {
        return xattrs;
    }

    /** The access ACL with -A (not for symlinks), or null. */
    public Acl accessAcl() {
        return accessAcl;
    }

    /** The default ACL of a directory with -A, or null. */
    public Acl defaultAcl() {
        return defaultAcl;
    }

    /**
     * True when rsync's flist_sort_and_clean dropped this entry as a duplicate name (or a
     * non-directory colliding with a directory of the same name). A removed entry keeps its index
     * so the sender's and receiver's indices stay aligned, but must not be acted upon.
     */
    public boolean removed() {
        return removed;
    }

    @Override
    public String toString() {
        return String.format("%s mode=0%o size=%d mtime=%d.%09d uid=%d gid=%d%s%s", name(), mode,
                size, mtime, mtimeNanos, Integer.toUnsignedLong(uid), Integer.toUnsignedLong(gid),
                symlinkTarget == null ? "" : " -> " + new String(symlinkTarget, StandardCharsets.UTF_8),
                removed ? " (removed)" : "");
    }
}
