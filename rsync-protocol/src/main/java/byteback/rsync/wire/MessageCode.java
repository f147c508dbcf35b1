package byteback.rsync.wire;

/** The tags of rsync's multiplexed stream (rsync: rsync.h enum msgcode). */
public final class MessageCode {
    private MessageCode() {}

    /** Offset added to a tag in the header's top byte (rsync: rsync.h MPLEX_BASE). */
    public static final int MPLEX_BASE = 7;

    public static final int DATA = 0;
    public static final int ERROR_XFER = 1;
    public static final int INFO = 2;
    public static final int ERROR = 3;
    public static final int WARNING = 4;
    public static final int ERROR_SOCKET = 5;
    public static final int LOG = 6;
    public static final int CLIENT = 7;
    public static final int ERROR_UTF8 = 8;
    public static final int REDO = 9;
    public static final int STATS = 10;
    public static final int IO_ERROR = 22;
    public static final int IO_TIMEOUT = 33;
    public static final int NOOP = 42;
    public static final int ERROR_EXIT = 86;
    public static final int SUCCESS = 100;
    public static final int DELETED = 101;
    public static final int NO_SEND = 102;

    /** Largest payload of one multiplexed frame (24-bit length). */
    public static final int MAX_FRAME = 0xFFFFFF;
}
