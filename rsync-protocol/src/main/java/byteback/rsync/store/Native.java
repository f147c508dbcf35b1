package byteback.rsync.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Arrays;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Pointer;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * The Linux calls the store needs, through jnr-ffi: the *at family on directory descriptors,
 * descriptor-based xattrs, positional I/O, statx and getdents64. Every path argument is one
 * NUL-terminated name (see {@link #cstr}).
 */
final class Native {
    private Native() {}

    /** glibc, as jnr-ffi binds it. */
    public interface LibC {
        @SaveError int openat(int dirfd, @In byte[] path, int flags, int mode);
        @SaveError int close(int fd);
        @SaveError int dup(int fd);
        @SaveError int fcntl(int fd, int cmd, int arg);
        @SaveError int mkdirat(int dirfd, @In byte[] path, int mode);
        @SaveError int renameat(int olddirfd, @In byte[] oldpath, int newdirfd, @In byte[] newpath);
        @SaveError int unlinkat(int dirfd, @In byte[] path, int flags);
        @SaveError int linkat(int olddirfd, @In byte[] oldpath, int newdirfd, @In byte[] newpath, int flags);
        @SaveError int fchmod(int fd, int mode);
        @SaveError int futimens(int fd, @In long[] times);
        @SaveError int statx(int dirfd, @In byte[] path, int flags, int mask, @Out byte[] statxbuf);
        @SaveError long fgetxattr(int fd, @In byte[] name, @Out byte[] value, long size);
        @SaveError int fsetxattr(int fd, @In byte[] name, @In byte[] value, long size, int flags);
        @SaveError long flistxattr(int fd, @Out byte[] list, long size);
        @SaveError int fremovexattr(int fd, @In byte[] name);
        @SaveError long pread(int fd, Pointer buf, long count, long offset);
        @SaveError long pwrite(int fd, Pointer buf, long count, long offset);
        @SaveError int ftruncate(int fd, long length);
        @SaveError int fallocate(int fd, int mode, long offset, long len);
        @SaveError long getdents64(int fd, @Out byte[] dirp, long count);
        @SaveError long readlinkat(int dirfd, @In byte[] path, @Out byte[] buf, long size);
        @SaveError int fchown(int fd, int uid, int gid);
        @SaveError int fchownat(int dirfd, @In byte[] path, int uid, int gid, int flags);
        @SaveError int fchmodat(int dirfd, @In byte[] path, int mode, int flags);
        @SaveError int mknodat(int dirfd, @In byte[] path, int mode, long dev);
        @SaveError int symlinkat(@In byte[] target, int newdirfd, @In byte[] linkpath);
        @SaveError int utimensat(int dirfd, @In byte[] path, @In long[] times, int flags);
        int geteuid();
        String strerror(int errnum);
    }

    static final LibC C = LibraryLoader.create(LibC.class).load("c");
    static final Runtime RUNTIME = Runtime.getRuntime(C);

    private static final boolean ARM = System.getProperty("os.arch").matches("aarch64|arm64");

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 01;
    static final int O_RDWR = 02;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_NOCTTY = 0400;
    static final int O_TRUNC = 01000;
    static final int O_NONBLOCK = 04000;
    static final int O_DIRECTORY = ARM ? 040000 : 0200000;
    static final int O_NOFOLLOW = ARM ? 0100000 : 0400000;
    static final int O_CLOEXEC = 02000000;

    static final int FALLOC_FL_KEEP_SIZE = 0x01;
    static final int FALLOC_FL_PUNCH_HOLE = 0x02;
    static final int AT_SYMLINK_NOFOLLOW = 0x100;
    static final int AT_REMOVEDIR = 0x200;
    static final int AT_EMPTY_PATH = 0x1000;
    static final int STATX_BASIC_STATS = 0x7ff;
    static final long UTIME_OMIT = (1L << 30) - 2;

    static final int ENOENT = 2;
    static final int EINTR = 4;
    static final int EACCES = 13;
    static final int EEXIST = 17;
    static final int ENOTDIR = 20;
    static final int EISDIR = 21;
    static final int EINVAL = 22;
    static final int ERANGE = 34;
    static final int ENOTEMPTY = 39;
    static final int ELOOP = 40;
    static final int ENODATA = 61;
    static final int EOPNOTSUPP = 95;
    static final int EPERM = 1;

    static int errno() {
        return LastError.getLastError(RUNTIME);
    }

    /** {@code name} with a NUL appended, as a C string argument. */
    static byte[] cstr(byte[] name) {
        return Arrays.copyOf(name, name.length + 1);
    }

    static byte[] cstr(String name) {
        return cstr(name.getBytes(StandardCharsets.UTF_8));
    }

    static final byte[] EMPTY = {0};

    /** The exception for {@code errno} from {@code call} on {@code what} (a path for messages). */
    static IOException error(int errno, String call, String what) {
        String reason = call + ": " + C.strerror(errno);
        return switch (errno) {
            case ENOENT -> new NoSuchFileException(what, null, reason);
            case EEXIST -> new FileAlreadyExistsException(what, null, reason);
            case ENOTDIR, ELOOP -> new NotDirectoryException(what + " (" + reason + ")");
            case ENOTEMPTY -> new DirectoryNotEmptyException(what);
            case EACCES, EPERM -> new AccessDeniedException(what, null, reason);
            default -> new FileSystemException(what, null, reason);
        };
    }

    static void check(int rc, String call, String what) throws IOException {
        if (rc < 0) throw error(errno(), call, what);
    }

    static void closeQuietly(int fd) {
        if (fd >= 0) C.close(fd);
    }
}
