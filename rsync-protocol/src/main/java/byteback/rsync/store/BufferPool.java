package byteback.rsync.store;

import jnr.ffi.Memory;
import jnr.ffi.Pointer;

/** One native I/O buffer per thread for pread/pwrite (data is copied through it). */
final class BufferPool {
    private BufferPool() {}

    static final int SIZE = 256 * 1024;

    private static final ThreadLocal<Pointer> LOCAL =
            ThreadLocal.withInitial(() -> Memory.allocateDirect(Native.RUNTIME, SIZE));

    /** This thread's buffer of {@link #SIZE} bytes. */
    static Pointer local() {
        return LOCAL.get();
    }
}
