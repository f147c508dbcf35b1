package byteback.client.source;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/**
 * Native memory the system calls write into, one set per thread and kept for the thread's life:
 * the directory-entry buffer for getdents64 (rsync: the libc readdir buffer behind opendir) and the
 * statx buffer. Read in place through {@link Pointer}; nothing is copied to the Java heap but the
 * names and fields taken out of it.
 */
final class Scratch {
    /** Bytes of directory entries fetched per getdents64 call. */
    static final int DIRENTS = 32 * 1024;
    /** struct statx is 256 bytes. */
    static final int STATX = 256;

    private static final ThreadLocal<Scratch> MINE = ThreadLocal.withInitial(Scratch::new);

    final Pointer dirents = Memory.allocateDirect(Libc.RUNTIME, DIRENTS);
    final Pointer statx = Memory.allocateDirect(Libc.RUNTIME, STATX);

    private Scratch() {}

    static Scratch mine() {
        return MINE.get();
    }
}
