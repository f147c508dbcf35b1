package byteback.rsync.protocol;

/** The POSIX mode bits as rsync sends them on the wire (Linux values) and small predicates. */
public final class FileMode {
    private FileMode() {}

    public static final int S_IFMT = 0170000;
    public static final int S_IFSOCK = 0140000;
    public static final int S_IFLNK = 0120000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFBLK = 0060000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFCHR = 0020000;
    public static final int S_IFIFO = 0010000;

    /** Set-uid, set-gid, sticky and the 0777 permission bits (rsync: CHMOD_BITS). */
    public static final int CHMOD_BITS = 07777;
    /** The 0777 permission bits (rsync: ACCESSPERMS). */
    public static final int ACCESSPERMS = 0777;

    public static int type(int mode) {
        return mode & S_IFMT;
    }

    public static boolean isRegular(int mode) {
        return type(mode) == S_IFREG;
    }

    public static boolean isDirectory(int mode) {
        return type(mode) == S_IFDIR;
    }

    public static boolean isSymlink(int mode) {
        return type(mode) == S_IFLNK;
    }

    /** Character or block device (rsync: IS_DEVICE). */
    public static boolean isDevice(int mode) {
        return type(mode) == S_IFCHR || type(mode) == S_IFBLK;
    }

    /** Fifo or socket (rsync: IS_SPECIAL). */
    public static boolean isSpecial(int mode) {
        return type(mode) == S_IFIFO || type(mode) == S_IFSOCK;
    }
}
