package byteback.client.source;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.NulTerminate;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * The few libc calls the local tree needs, all on byte paths and none following a final symlink.
 * Paths go in as Java bytes that jnr copies into native memory with the terminating NUL
 * ({@code @NulTerminate}: no Java-side copy per call); what the kernel writes back in bulk (a
 * directory's entries, a stat buffer) lands in native scratch memory that the caller reads in place
 * ({@link Scratch}), so no buffer is copied in and out of the Java heap per call.
 */
final class Libc {
    public interface C {
        @SaveError int statx(int dirfd, @In @NulTerminate byte[] path, int flags, int mask, Pointer buf);
        @SaveError int open(@In @NulTerminate byte[] path, int flags, int mode);
        @SaveError int close(int fd);
        @SaveError long getdents64(int fd, Pointer buf, long count);
        @SaveError long readlink(@In @NulTerminate byte[] path, @Out byte[] buf, long size);
        @SaveError long llistxattr(@In @NulTerminate byte[] path, @Out byte[] list, long size);
        @SaveError long lgetxattr(@In @NulTerminate byte[] path, @In @NulTerminate byte[] name, @Out byte[] value, long size);
        String strerror(int errnum);
    }

    static final C C = LibraryLoader.create(C.class).load("c");
    static final Runtime RUNTIME = Runtime.getRuntime(C);

    static final int AT_FDCWD = -100;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int STATX_BASIC_STATS = 0x7ff;
    private static final boolean ARM = System.getProperty("os.arch").startsWith("aarch64") || System.getProperty("os.arch").startsWith("arm");
    static final int O_RDONLY = 0;
    static final int O_DIRECTORY = ARM ? 040000 : 0200000;
    static final int O_NOFOLLOW = ARM ? 0100000 : 0400000;
    static final int O_CLOEXEC = 02000000;

    static final int ENOENT = 2;
    static final int ENOTDIR = 20;
    static final int ERANGE = 34;
    static final int ENODATA = 61;
    static final int ENOTSUP = 95;

    private Libc() {}

    static int errno() {
        return RUNTIME.getLastError();
    }

    /** The empty path (AT_EMPTY_PATH calls on a descriptor). */
    static final byte[] EMPTY_PATH = new byte[0];
}
