package byteback.rsync.server;

import jnr.ffi.LibraryLoader;

/**
 * Makes stdin and stdout blocking. A stock rsync client that starts us through a remote shell
 * other than rsh (for instance a local wrapper) hands us a non-blocking socket as stdout (rsync:
 * pipe.c piped_child only calls set_blocking(STDOUT_FILENO) when blocking_io is set). C rsync
 * copes through select(); Java's FileOutputStream does not, and fails with EAGAIN once the
 * socket's buffer is full. The socket end is ours alone, so clearing the flag is safe.
 */
final class BlockingStdio {
    private static final int F_GETFL = 3;
    private static final int F_SETFL = 4;
    private static final int O_NONBLOCK = 04000;

    /** The one libc call this needs. */
    public interface LibC {
        int fcntl(int fd, int cmd, int arg);
    }

    private BlockingStdio() {}

    /** Clears O_NONBLOCK on file descriptors 0 and 1; returns false when that was not possible. */
    static boolean ensure() {
        try {
            LibC c = LibraryLoader.create(LibC.class).load("c");
            return clear(c, 0) & clear(c, 1);
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    private static boolean clear(LibC c, int fd) {
        int flags = c.fcntl(fd, F_GETFL, 0);
        if (flags < 0) {
            return false;
        }
        return (flags & O_NONBLOCK) == 0 || c.fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0;
    }
}
