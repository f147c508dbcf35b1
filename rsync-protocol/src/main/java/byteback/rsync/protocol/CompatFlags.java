package byteback.rsync.protocol;

/**
 * The compatibility flags the server decides from the client's {@code -e.xxx} capability string
 * (rsync: compat.c setup_protocol, CF_*). Pure logic.
 */
public final class CompatFlags {
    private CompatFlags() {}

    public static final int INC_RECURSE = 1;
    public static final int SYMLINK_TIMES = 1 << 1;
    public static final int SYMLINK_ICONV = 1 << 2;
    public static final int SAFE_FLIST = 1 << 3;
    public static final int AVOID_XATTR_OPTIM = 1 << 4;
    public static final int CHKSUM_SEED_FIX = 1 << 5;
    public static final int INPLACE_PARTIAL_DIR = 1 << 6;
    public static final int VARINT_FLIST_FLAGS = 1 << 7;
    public static final int ID0_NAMES = 1 << 8;

    /**
     * The flags a server sends for this capability string, incremental recursion declined;
     * symlink times are offered (we store symlinks as files, their times are real).
     */
    public static int forClient(String caps) {
        return forClient(caps, false);
    }

    /**
     * As {@link #forClient(String)}, with incremental recursion when {@code incRecurse} (the
     * options allow it and the client offered 'i': rsync's allow_inc_recurse).
     */
    public static int forClient(String caps, boolean incRecurse) {
        int f = SYMLINK_TIMES | SYMLINK_ICONV;
        if (incRecurse) f |= INC_RECURSE;
        if (caps.indexOf('f') >= 0) f |= SAFE_FLIST;
        if (caps.indexOf('x') >= 0) f |= AVOID_XATTR_OPTIM;
        if (caps.indexOf('C') >= 0) f |= CHKSUM_SEED_FIX;
        if (caps.indexOf('I') >= 0) f |= INPLACE_PARTIAL_DIR;
        if (caps.indexOf('u') >= 0) f |= ID0_NAMES;
        if (caps.indexOf('v') >= 0 || caps.indexOf('V') >= 0) f |= VARINT_FLIST_FLAGS;
        return f;
    }
}
