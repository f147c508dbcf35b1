package byteback.rsync.protocol;

/** rsync's exit codes and their names (rsync: errcode.h, log.c rerr_names). */
public final class ExitCode {
    private ExitCode() {}

    public static final int OK = 0;
    public static final int SYNTAX = 1;
    public static final int PROTOCOL = 2;
    public static final int FILESELECT = 3;
    public static final int UNSUPPORTED = 4;
    public static final int SOCKETIO = 10;
    public static final int FILEIO = 11;
    public static final int STREAMIO = 12;
    public static final int IPC = 14;
    public static final int MALLOC = 22;
    public static final int PARTIAL = 23;
    public static final int VANISHED = 24;
    public static final int TIMEOUT = 30;

    /** rsync: log.c rerr_name. */
    public static String name(int code) {
        switch (code) {
            case SYNTAX: return "syntax or usage error";
            case PROTOCOL: return "protocol incompatibility";
            case FILESELECT: return "errors selecting input/output files, dirs";
            case UNSUPPORTED: return "requested action not supported";
            case SOCKETIO: return "error in socket IO";
            case FILEIO: return "error in file IO";
            case STREAMIO: return "error in rsync protocol data stream";
            case IPC: return "error in IPC code";
            case MALLOC: return "error allocating core memory buffers";
            case PARTIAL: return "some files/attrs were not transferred (see previous errors)";
            case VANISHED: return "some files vanished before they could be transferred";
            case TIMEOUT: return "timeout in data send/receive";
            default: return "unexplained error";
        }
    }
}
