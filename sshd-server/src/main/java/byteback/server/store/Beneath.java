package byteback.server.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import jnr.ffi.LibraryLoader;
import jnr.ffi.Platform;
import jnr.ffi.annotations.In;
import jnr.ffi.annotations.SaveError;

/**
 * A directory beneath ROOT opened without following a symlink at any step: every name is resolved
 * with openat/mkdirat/unlinkat/renameat relative to its parent's descriptor, with O_NOFOLLOW. The
 * admin CLI runs as root on files the store's owner controls, so this is how it creates and writes
 * them (SPEC section 9); a planted symlink makes the operation fail instead of being followed.
 */
public final class Beneath implements Closeable {
    /** The libc calls used; public only because jnr-ffi implements it elsewhere. */
    public interface LibC {
        @SaveError int open(@In byte[] path, int flags, int mode);
        @SaveError int openat(int dirfd, @In byte[] path, int flags, int mode);
        @SaveError int mkdirat(int dirfd, @In byte[] path, int mode);
        @SaveError int unlinkat(int dirfd, @In byte[] path, int flags);
        @SaveError int renameat(int olddirfd, @In byte[] oldpath, int newdirfd, @In byte[] newpath);
        @SaveError int fchown(int fd, int uid, int gid);
        @SaveError int fchmod(int fd, int mode);
        @SaveError int close(int fd);
    }

    private static final class Loaded {
        static final LibC C = LibraryLoader.create(LibC.class).load("c");
    }

    // Linux (x86-64 and arm64) values
    static final int O_RDONLY = 0;
    static final int O_RDWR = 02;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_DIRECTORY = 0200000;
    static final int O_NOFOLLOW = 0400000;
    static final int O_CLOEXEC = 02000000;
    static final int O_NOCTTY = 0400;
    static final int O_NONBLOCK = 04000;
    static final int EEXIST = 17;
    static final int ENOENT = 2;
    static final int AT_REMOVEDIR = 0x200;

    private final int fd;
    private final Path path;

    private Beneath(int fd, Path path) {
        this.fd = fd;
        this.path = path;
    }

    /** ROOT itself, as the administrator named it (symlinks in that name are the administrator's). */
    public static Beneath root(Path root) throws IOException {
        if (!Platform.getNativePlatform().getOS().equals(Platform.OS.LINUX)) {
            throw new IOException("byteback's store needs Linux");
        }
        int fd = Loaded.C.open(cstr(root.toString()), O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
        if (fd < 0) throw error("open", root);
        return new Beneath(fd, root);
    }

    /** The directory's path, for messages. */
    public Path path() {
        return path;
    }

    /**
     * The subdirectory {@code name}, created 0700 and handed to {@code owner} when missing; a
     * symlink there is refused, never followed.
     */
    public Beneath dir(String name, Ownership owner) throws IOException {
        check(name);
        boolean made = Loaded.C.mkdirat(fd, cstr(name), 0700) == 0;
        if (!made && errno() != EEXIST) throw error("mkdir", path.resolve(name));
        Beneath d = open(name);
        try {
            // an existing one too: a root-run command of an older version may have left it root's
            owner.applyTo(d.fd, path.resolve(name));
        } catch (IOException e) {
            d.close();
            throw e;
        }
        return d;
    }

    /**
     * Makes the existing subdirectory {@code name} mode 0700 and {@code owner}'s (never through a
     * symlink); false when there is none.
     */
    public boolean makePrivate(String name, Ownership owner) throws IOException {
        check(name);
        int d = Loaded.C.openat(fd, cstr(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        if (d < 0) {
            if (errno() == ENOENT) return false;
            throw error("open directory (symlinks are not followed)", path.resolve(name));
        }
        try {
            owner.applyTo(d, path.resolve(name));
            if (Loaded.C.fchmod(d, 0700) != 0) throw error("chmod 0700", path.resolve(name));
            return true;
        } finally {
            Loaded.C.close(d);
        }
    }

    /**
     * The subdirectory {@code name}, created when missing as a client's own directory would be
     * (mode 0777 less the umask, the server's owner), never through a symlink. Unlike {@link
     * #dir} it leaves an existing one's mode and owner alone: it is inside a client's tree, whose
     * modes are what {@code rsync --fake-super} stores.
     */
    public Beneath subdirectory(String name) throws IOException {
        check(name);
        if (Loaded.C.mkdirat(fd, cstr(name), 0777) != 0 && errno() != EEXIST) throw error("mkdir", path.resolve(name));
        return open(name);
    }

    /** The existing subdirectory {@code name}, never through a symlink. */
    public Beneath open(String name) throws IOException {
        check(name);
        int d = Loaded.C.openat(fd, cstr(name), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
        if (d < 0) throw error("open directory (symlinks are not followed)", path.resolve(name));
        return new Beneath(d, path.resolve(name));
    }

    /**
     * Opens (creating it 0600 and handing it to {@code owner} when missing) the regular file
     * {@code name} for the given Java options (READ, WRITE, APPEND, TRUNCATE_EXISTING); a symlink
     * there is refused, never followed.
     */
    public FileChannel file(String name, Ownership owner, OpenOption... options) throws IOException {
        check(name);
        byte[] c = cstr(name);
        int f = Loaded.C.openat(fd, c, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0600);
        boolean made = f >= 0;
        if (!made) {
            if (errno() != EEXIST) throw error("create", path.resolve(name));
            f = Loaded.C.openat(fd, c, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0);
            if (f < 0) throw error("open (symlinks are not followed)", path.resolve(name));
        }
        try {
            // the same file again: /proc/self/fd/N names exactly the opened inode
            Path same = Path.of("/proc/self/fd/" + f);
            if (!made && (!java.nio.file.Files.isRegularFile(same)
                    || (Integer) java.nio.file.Files.getAttribute(same, "unix:nlink") != 1)) {
                throw new IOException("refusing " + path.resolve(name) + ": not a plain file (a device, fifo or hard link)");
            }
            owner.applyTo(f, path.resolve(name));
            return FileChannel.open(same, options);
        } finally {
            Loaded.C.close(f);
        }
    }

    /**
     * Replaces {@code name} with a new file holding {@code content} (mode 0600, owned by {@code
     * owner}): written under a temporary name, then renamed over it, so whatever was at the name
     * before (a symlink too) is replaced, never written through.
     */
    public void replace(String name, byte[] content, Ownership owner) throws IOException {
        String tmp = "." + name + ".byteback-tmp";
        delete(tmp);
        try (FileChannel ch = file(tmp, owner, java.nio.file.StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(content));
            ch.force(true);
        }
        if (Loaded.C.renameat(fd, cstr(tmp), fd, cstr(name)) != 0) throw error("rename to", path.resolve(name));
    }

    /** Removes the entry {@code name} (a file or symlink; never what a symlink points to). */
    public boolean delete(String name) throws IOException {
        check(name);
        if (Loaded.C.unlinkat(fd, cstr(name), 0) == 0) return true;
        if (errno() == ENOENT) return false;
        throw error("remove", path.resolve(name));
    }

    @Override
    public void close() {
        Loaded.C.close(fd);
    }

    /**
     * The open descriptor of this directory, for a call that works beneath it (the receiver
     * duplicates it); valid until {@link #close}.
     */
    public int fd() {
        return fd;
    }

    static int fchown(int fd, int uid, int gid) {
        return Loaded.C.fchown(fd, uid, gid);
    }

    private static void check(String name) {
        if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a file name: \"" + name + "\"");
        }
    }

    private static byte[] cstr(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        byte[] z = new byte[b.length + 1];
        System.arraycopy(b, 0, z, 0, b.length);
        return z;
    }

    private static int errno() {
        return jnr.ffi.LastError.getLastError(jnr.ffi.Runtime.getRuntime(Loaded.C));
    }

    private static IOException error(String what, Path p) {
        int e = errno();
        return new IOException("cannot " + what + " " + p + ": " + (e == 40 ? "it is a symlink (refused)"
                : e == 20 ? "not a directory (a symlink there is refused)" : "errno " + e));
    }
}
