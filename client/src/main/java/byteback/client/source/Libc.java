package byteback.client.source;

import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/** The few libc calls the local tree needs, all on byte paths and none following a final symlink. */
final class Libc {
    public interface C {
        @SaveError int statx(int dirfd, @In byte[] path, int flags, int mask, @Out byte[] buf);
        @SaveError int open(@In byte[] path, int flags, int mode);
        @SaveError int close(int fd);
        @SaveError long getdents64(int fd, @Out byte[] buf, long count);
        @SaveError long readlink(@In byte[] path, @Out byte[] buf, long size);
        @SaveError long llistxattr(@In byte[] path, @Out byte[] list, long size);
        @SaveError long lgetxattr(@In byte[] path, @In byte[] name, @Out byte[] value, long size);
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

    /** A NUL-terminated copy for the C calls. */
    static byte[] cstr(byte[] s) {
        byte[] c = new byte[s.length + 1];
        System.arraycopy(s, 0, c, 0, s.length);
        return c;
    }
}
