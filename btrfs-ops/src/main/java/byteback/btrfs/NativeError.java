package byteback.btrfs;

import jnr.constants.platform.Errno;

/** A failed system call inside the module; translated into a {@link BtrfsException} before it leaves. */
final class NativeError extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Errno errno;
    private final int code;

    NativeError(String call, int code) {
        super(call + " failed with errno " + code, null, false, false);
        this.code = code;
        this.errno = Errno.valueOf(code);
    }

    /** The errno as jnr-constants names it (__UNKNOWN_CONSTANT__ when it has no name). */
    Errno errno() {
        return errno;
    }

    int code() {
        return code;
    }

    boolean is(Errno e) {
        return errno == e;
    }
}
