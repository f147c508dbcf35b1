package byteback.rsync.protocol;

/**
 * The transmission flags of a file-list entry (rsync: rsync.h XMIT_*), shared by the file-list
 * reader (receiver) and writer (sender), and the list-end I/O error bits.
 */
public final class XFlags {
    private XFlags() {}

    public static final int XMIT_TOP_DIR = 1;
    public static final int XMIT_SAME_MODE = 1 << 1;
    public static final int XMIT_EXTENDED_FLAGS = 1 << 2;
    public static final int XMIT_SAME_UID = 1 << 3;
    public static final int XMIT_SAME_GID = 1 << 4;
    public static final int XMIT_SAME_NAME = 1 << 5;
    public static final int XMIT_LONG_NAME = 1 << 6;
    public static final int XMIT_SAME_TIME = 1 << 7;
    public static final int XMIT_SAME_RDEV_MAJOR = 1 << 8;
    public static final int XMIT_NO_CONTENT_DIR = 1 << 8;
    public static final int XMIT_HLINKED = 1 << 9;
    public static final int XMIT_USER_NAME_FOLLOWS = 1 << 10;
    public static final int XMIT_GROUP_NAME_FOLLOWS = 1 << 11;
    public static final int XMIT_HLINK_FIRST = 1 << 12;
    public static final int XMIT_IO_ERROR_ENDLIST = 1 << 12;
    public static final int XMIT_MOD_NSEC = 1 << 13;
    public static final int XMIT_SAME_ATIME = 1 << 14;
    public static final int XMIT_CRTIME_EQ_MTIME = 1 << 17;
    /** Every flag bit a protocol 30-32 sender may set (bits 15 and 16 are unused/reserved). */
    public static final int KNOWN_FLAGS = 0x7fff | XMIT_CRTIME_EQ_MTIME;

    /** rsync: rsync.h IOERR_GENERAL, IOERR_VANISHED, IOERR_DEL_LIMIT and their mask. */
    public static final int IOERR_GENERAL = 1;
    public static final int IOERR_VANISHED = 2;
    public static final int IOERR_DEL_LIMIT = 4;
    public static final int IOERR_VALID_MASK = IOERR_GENERAL | IOERR_VANISHED | IOERR_DEL_LIMIT;

    /** The largest nanosecond value of an mtime. */
    public static final int MAX_NSEC = 999_999_999;
}
