package byteback.btrfs;

import jnr.constants.platform.Errno;
import jnr.constants.platform.OpenFlags;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;
import jnr.ffi.types.u_int64_t;
import jnr.posix.FileStat;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;

/**
 * The few libc calls the module makes (open, close, ioctl, fstatfs through jnr-ffi; fstat through
 * jnr-posix, which knows each architecture's struct stat). Every failure is a {@link NativeError}.
 */
final class Syscalls {

    /** The libc binding; public only because jnr-ffi generates its implementation elsewhere. */
    public interface LibC {
        @SaveError
        int open(@In byte[] path, int flags);

        @SaveError
        int close(int fd);

        @SaveError
        int ioctl(int fd, @u_int64_t long request, @In @Out byte[] arg);

        @SaveError
        int fstatfs(int fd, @Out byte[] buf);
    }

    private static final class Loaded {
        static final LibC LIBC = LibraryLoader.create(LibC.class).load("c");
        static final Runtime RUNTIME = Runtime.getRuntime(LIBC);
        static final POSIX POSIX = POSIXFactory.getNativePOSIX();
    }

    /** O_PATH: Linux's value on every architecture byteback runs on (jnr-constants lacks it). */
    private static final int O_PATH = 010000000;
    private static final int O_CLOEXEC = OpenFlags.O_CLOEXEC.intValue();
    private static final int O_NOFOLLOW = OpenFlags.O_NOFOLLOW.intValue();
    private static final int O_DIRECTORY = OpenFlags.O_DIRECTORY.intValue();
    private static final int O_RDONLY = OpenFlags.O_RDONLY.intValue();

    private Syscalls() {
    }

    static void checkPlatform() throws BtrfsException {
        String os = System.getProperty("os.name", "");
        if (!os.toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            throw new BtrfsException(BtrfsException.Reason.NOT_BTRFS, "btrfs exists only on Linux, this is " + os);
        }
        if (!"64".equals(System.getProperty("sun.arch.data.model", "64"))) {
            throw new BtrfsException(BtrfsException.Reason.OTHER, "btrfs-ops needs a 64-bit JVM");
        }
        try {
            Loaded.LIBC.getClass();
        } catch (LinkageError e) {
            throw new BtrfsException(BtrfsException.Reason.OTHER, "cannot load the C library through jnr-ffi: " + e.getMessage());
        }
    }

    /** Opens a directory for ioctls; follows a symlink in the last component only when asked. */
    static Fd openDirectory(String path, boolean followLastSymlink) throws NativeError {
        int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC | (followLastSymlink ? 0 : O_NOFOLLOW);
        return open(path, flags);
    }

    /** Opens anything (even a fifo or device) without touching it, for fstat and fstatfs only. */
    static Fd openPath(String path) throws NativeError {
        return open(path, O_PATH | O_CLOEXEC);
    }

    private static Fd open(String path, int flags) throws NativeError {
        int fd = Loaded.LIBC.open(FileNames.cString(path), flags);
        if (fd < 0) {
            throw new NativeError("open", Loaded.RUNTIME.getLastError());
        }
        return new Fd(fd);
    }

    static void close(int fd) {
        Loaded.LIBC.close(fd);
    }

    static void ioctl(Fd fd, long request, byte[] arg) throws NativeError {
        int rc;
        do {
            rc = Loaded.LIBC.ioctl(fd.number(), request, arg);
        } while (rc < 0 && Loaded.RUNTIME.getLastError() == Errno.EINTR.intValue());
        if (rc < 0) {
            throw new NativeError("ioctl", Loaded.RUNTIME.getLastError());
        }
    }

    static StatfsStruct fstatfs(Fd fd) throws NativeError {
        byte[] buf = new byte[StatfsStruct.SIZE + 64];
        if (Loaded.LIBC.fstatfs(fd.number(), buf) < 0) {
            throw new NativeError("fstatfs", Loaded.RUNTIME.getLastError());
        }
        return StatfsStruct.decode(buf);
    }

    static FileStat fstat(Fd fd) throws NativeError {
        FileStat stat = Loaded.POSIX.allocateStat();
        if (Loaded.POSIX.fstat(fd.number(), stat) < 0) {
            throw new NativeError("fstat", Loaded.POSIX.errno());
        }
        return stat;
    }

    static int geteuid() {
        return Loaded.POSIX.geteuid();
    }

    /** An open file descriptor, closed by try-with-resources. */
    static final class Fd implements AutoCloseable {
        private int number;

        Fd(int number) {
            this.number = number;
        }

        int number() {
            return number;
        }

        @Override
        public void close() {
            if (number >= 0) {
                Syscalls.close(number);
                number = -1;
            }
        }
    }
}
