package byteback.server.status;

import byteback.server.store.Ownership;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import jnr.ffi.LastError;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Runtime;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.Out;
import jnr.ffi.annotations.SaveError;

/**
 * Small state files in one directory beneath ROOT (such as {@code ROOT/.byteback/status/}), read
 * and written through directory descriptors, never through a symlink: ROOT/.byteback may belong to
 * the unprivileged server user while the administrator runs the CLI as root, and that user must
 * not be able to point root's writes elsewhere. A write goes to a new temporary file, is flushed to
 * disc (fsync), then renamed over the old file and the directory flushed: a reader sees the old
 * file or the new one, also after a crash.
 */
public final class StateFiles {
    /** glibc, as jnr-ffi binds it. */
    public interface LibC {
        @SaveError int openat(int dirfd, @In byte[] path, int flags, int mode);
        @SaveError int mkdirat(int dirfd, @In byte[] path, int mode);
        @SaveError int renameat(int olddirfd, @In byte[] oldpath, int newdirfd, @In byte[] newpath);
        @SaveError int unlinkat(int dirfd, @In byte[] path, int flags);
        @SaveError int fchown(int fd, int uid, int gid);
        @SaveError int fsync(int fd);
        @SaveError long read(int fd, @Out byte[] buf, long count);
        @SaveError long write(int fd, @In byte[] buf, long count);
        @SaveError int close(int fd);
        String strerror(int errnum);
    }

    private static final LibC C = LibraryLoader.create(LibC.class).load("c");
    private static final Runtime RUNTIME = Runtime.getRuntime(C);
    private static final boolean ARM = System.getProperty("os.arch").matches("aarch64|arm64");
    private static final int O_RDONLY = 0;
    private static final int O_WRONLY = 01;
    private static final int O_CREAT = 0100;
    private static final int O_EXCL = 0200;
    private static final int O_DIRECTORY = ARM ? 040000 : 0200000;
    private static final int O_NOFOLLOW = ARM ? 0100000 : 0400000;
    private static final int O_CLOEXEC = 02000000;
    private static final int ENOENT = 2;
    private static final int EEXIST = 17;
    private static final int EINTR = 4;
    /** No state file is legitimately larger; a larger one is not read. */
    static final int MAXIMUM_SIZE = 1 << 20;

    private final Path root;
    private final String[] dirs;
    private final Ownership ownership;

    /**
     * @param root      the store's ROOT (it may be reached through a symlink; nothing beneath it is)
     * @param dirs      the names of the directories from ROOT down, e.g. ".byteback", "status"
     * @param ownership who gets what is created (ROOT's owner when the CLI runs as root)
     */
    public StateFiles(Path root, Ownership ownership, String... dirs) {
        this.root = root;
        this.dirs = dirs.clone();
        this.ownership = ownership;
    }

    /** The directory's path, for messages. */
    public Path path() {
        Path p = root;
        for (String d : dirs) p = p.resolve(d);
        return p;
    }

    /** The file's content; empty when it (or its directory) does not exist. */
    public Optional<byte[]> read(String name) throws IOException {
        int dir = openDirectory(false);
        if (dir < 0) return Optional.empty();
        try {
            int fd = C.openat(dir, cstr(name), O_RDONLY | O_NOFOLLOW | O_CLOEXEC, 0);
            if (fd < 0) {
                int errno = LastError.getLastError(RUNTIME);
                if (errno == ENOENT) return Optional.empty();
                throw error("open", name, errno);
            }
            try {
                return Optional.of(readAll(fd, name));
            } finally {
                C.close(fd);
            }
        } finally {
            C.close(dir);
        }
    }

    /** Replaces the file's content atomically and durably (creating the directories as needed). */
    public void write(String name, byte[] content) throws IOException {
        int dir = openDirectory(true);
        try {
            String temp = "." + name + ".tmp" + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
            int fd = C.openat(dir, cstr(temp), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
            if (fd < 0) throw error("create", temp, LastError.getLastError(RUNTIME));
            boolean done = false;
            try {
                if (ownership.change() && C.fchown(fd, ownership.uid(), ownership.gid()) < 0) {
                    throw error("chown", temp, LastError.getLastError(RUNTIME));
                }
                writeAll(fd, content, temp);
                if (C.fsync(fd) < 0) throw error("fsync", temp, LastError.getLastError(RUNTIME));
                if (C.close(fd) < 0) throw error("close", temp, LastError.getLastError(RUNTIME));
                fd = -1;
                if (C.renameat(dir, cstr(temp), dir, cstr(name)) < 0) {
                    throw error("rename", temp + " to " + name, LastError.getLastError(RUNTIME));
                }
                done = true;
                C.fsync(dir);
            } finally {
                if (fd >= 0) C.close(fd);
                if (!done) C.unlinkat(dir, cstr(temp), 0);
            }
        } finally {
            C.close(dir);
        }
    }

    /** Opens the last directory of the chain, creating missing ones (0700) when asked; -1 when missing. */
    private int openDirectory(boolean create) throws IOException {
        int fd = C.openat(-100 /* AT_FDCWD */, cstr(root.toString()), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0) {
            int errno = LastError.getLastError(RUNTIME);
            throw new FileSystemException(root.toString(), null, "open: " + C.strerror(errno));
        }
        for (String d : dirs) {
            int next = C.openat(fd, cstr(d), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
            if (next < 0 && create && LastError.getLastError(RUNTIME) == ENOENT) {
                if (C.mkdirat(fd, cstr(d), 0700) < 0 && LastError.getLastError(RUNTIME) != EEXIST) {
                    int errno = LastError.getLastError(RUNTIME);
                    C.close(fd);
                    throw error("mkdir", d, errno);
                }
                next = C.openat(fd, cstr(d), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
                if (next >= 0 && ownership.change()) C.fchown(next, ownership.uid(), ownership.gid());
            }
            if (next < 0) {
                int errno = LastError.getLastError(RUNTIME);
                C.close(fd);
                if (errno == ENOENT && !create) return -1;
                throw error("open", d + " (a directory, not a symlink)", errno);
            }
            C.close(fd);
            fd = next;
        }
        return fd;
    }

    private byte[] readAll(int fd, String name) throws IOException {
        byte[] buf = new byte[8192];
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (true) {
            long n = C.read(fd, buf, buf.length);
            if (n < 0) {
                int errno = LastError.getLastError(RUNTIME);
                if (errno == EINTR) continue;
                throw error("read", name, errno);
            }
            if (n == 0) return out.toByteArray();
            out.write(buf, 0, (int) n);
            if (out.size() > MAXIMUM_SIZE) throw new IOException(name + " is larger than any state file can be");
        }
    }

    private void writeAll(int fd, byte[] content, String name) throws IOException {
        int off = 0;
        while (off < content.length) {
            byte[] chunk = off == 0 ? content : java.util.Arrays.copyOfRange(content, off, content.length);
            long n = C.write(fd, chunk, chunk.length);
            if (n < 0) {
                int errno = LastError.getLastError(RUNTIME);
                if (errno == EINTR) continue;
                throw error("write", name, errno);
            }
            off += (int) n;
        }
    }

    private IOException error(String op, String what, int errno) {
        return new FileSystemException(path() + "/" + what, null, op + ": " + C.strerror(errno));
    }

    private static byte[] cstr(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return z;
    }
}
