package byteback.rsync.store;

import static byteback.rsync.store.Native.C;

import byteback.rsync.store.FakeSuper.StatXattr;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link Store} on directory file descriptors: every path is walked from the root descriptor
 * with openat(O_NOFOLLOW|O_DIRECTORY), the last component handled with *at calls relative to its
 * parent's descriptor.
 */
final class FdStore implements Store {
    private static final int DIR_FLAGS = Native.O_RDONLY | Native.O_DIRECTORY | Native.O_NOFOLLOW | Native.O_CLOEXEC;
    private static final int ENTRY_FLAGS = Native.O_RDONLY | Native.O_NOFOLLOW | Native.O_NONBLOCK | Native.O_NOCTTY
            | Native.O_CLOEXEC;
    private static final int MAX_SYMLINK = 4096;

    private final int rootFd;
    private final String rootName;
    private final WriteListener listener;
    private final AtomicLong written = new AtomicLong();
    private volatile boolean closed;

    private FdStore(int rootFd, String rootName, WriteListener listener) {
        this.rootFd = rootFd;
        this.rootName = rootName;
        this.listener = listener;
    }

    static Store open(Path root, WriteListener listener) throws IOException {
        String name = root.toAbsolutePath().toString();
        int fd = C.openat(-100 /* AT_FDCWD */, Native.cstr(name), Native.O_RDONLY | Native.O_DIRECTORY | Native.O_CLOEXEC, 0);
        if (fd < 0) throw Native.error(Native.errno(), "open store root", name);
        return new FdStore(fd, name, listener);
    }

    // ---- walking ----

    /**
     * Each thread keeps the descriptor of the directory it used last (rsync's file list comes
     * directory by directory), so that most operations do not walk from the root again. Dropped
     * whenever the store removed any directory ({@link Fds#generation()}), so a cached descriptor
     * never stands for a directory that was deleted or replaced meanwhile.
     */
    private static final class DirCache {
        StorePath path; // null: empty
        int fd = -1;
        long generation;
        boolean borrowed;

        void drop() {
            if (path != null) C.close(fd);
            path = null;
            fd = -1;
        }
    }

    private final Set<DirCache> caches = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<DirCache> cache = ThreadLocal.withInitial(() -> {
        DirCache c = new DirCache();
        caches.add(c);
        return c;
    });

    /** A directory descriptor: the thread's cached one (borrowed) or one of its own. */
    private static final class Dir implements AutoCloseable {
        final int fd;
        private DirCache lender;

        Dir(int fd, DirCache lender) {
            this.fd = fd;
            this.lender = lender;
        }

        /** A descriptor of the caller's own for the same directory, to keep after {@link #close}. */
        int detach() throws IOException {
            int d = C.dup(fd);
            if (d < 0) throw Native.error(Native.errno(), "dup", "directory");
            return d;
        }

        @Override
        public void close() {
            if (lender != null) {
                synchronized (lender) {
                    lender.borrowed = false;
                }
                lender = null;
            } else {
                C.close(fd);
            }
        }
    }

    private String what(StorePath p) {
        return p.isRoot() ? rootName : rootName + "/" + new String(p.bytes(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * Opens directory {@code dir} component by component without following symlinks, starting
     * from the thread's cached directory when that lies on the way.
     *
     * @return the directory, or null (when {@code mustExist} is false) if a component is missing
     *         or is not a real directory
     */
    private Dir openDir(StorePath dir, boolean mustExist) throws IOException {
        if (closed) throw new IOException("store is closed: " + rootName);
        DirCache c = cache.get();
        synchronized (c) {
            if (c.borrowed) { // a second directory in one operation: one of its own
                int fd = walk(rootFd, 0, dir, mustExist);
                return fd < 0 ? null : new Dir(fd, null);
            }
            long generation = Fds.generation();
            if (c.path != null && c.generation != generation) c.drop();
            if (c.path != null && c.path.equals(dir)) {
                c.borrowed = true;
                return new Dir(c.fd, c);
            }
            boolean fromCache = c.path != null && c.path.contains(dir);
            int fd = walk(fromCache ? c.fd : rootFd, fromCache ? c.path.depth() : 0, dir, mustExist);
            if (fd < 0) return null;
            c.drop();
            c.path = dir;
            c.fd = fd;
            c.generation = generation;
            c.borrowed = true;
            return new Dir(fd, c);
        }
    }

    /**
     * Opens {@code dir}'s components from {@code start} on, beneath {@code startFd} (which stays
     * open); returns a new descriptor, or -1 when absent and {@code mustExist} is false.
     */
    private int walk(int startFd, int start, StorePath dir, boolean mustExist) throws IOException {
        if (start == dir.depth()) { // the root itself, or the start directory
            int fd = C.openat(startFd, FakeSuper.ascii(".\0"), DIR_FLAGS, 0);
            if (fd < 0) throw Native.error(Native.errno(), "openat", what(dir));
            return fd;
        }
        int fd = startFd;
        for (int i = start; i < dir.depth(); i++) {
            int next = C.openat(fd, Native.cstr(dir.rawComponent(i)), DIR_FLAGS, 0);
            int e = next < 0 ? Native.errno() : 0;
            if (fd != startFd) C.close(fd);
            if (next < 0) {
                if (!mustExist && (e == Native.ENOENT || e == Native.ENOTDIR || e == Native.ELOOP)) return -1;
                String what = what(prefix(dir, i + 1));
                if (e == Native.ELOOP || e == Native.ENOTDIR) {
                    throw new NotDirectoryException(what + " (not a directory in the store; symlinks are never followed)");
                }
                throw Native.error(e, "openat", what);
            }
            fd = next;
        }
        return fd;
    }

    private static StorePath prefix(StorePath p, int n) {
        StorePath q = p;
        while (q.depth() > n) q = q.parent();
        return q;
    }

    private Dir openParent(StorePath path) throws IOException {
        if (path.isRoot()) throw new IllegalArgumentException("the store's root has no parent");
        return openDir(path.parent(), true);
    }

    /** Opens a stored regular file or directory (never a symlink, device or fifo); -1 if it is none. */
    private static int openEntry(int dirfd, byte[] cname, Stat st) {
        if (st == null || !(st.isRegular() || st.isDirectory())) return -1;
        return C.openat(dirfd, cname, ENTRY_FLAGS | (st.isDirectory() ? Native.O_DIRECTORY : 0), 0);
    }

    /** Runs {@code action} on the stored regular file or directory at {@code path}, opened without following. */
    private <T> T withEntry(StorePath path, boolean mustExist, EntryAction<T> action) throws IOException {
        String what = what(path);
        if (path.isRoot()) {
            if (closed) throw new IOException("store is closed: " + rootName);
            return action.apply(rootFd, Stat.of(rootFd, what), what);
        }
        try (Dir parent = mustExist ? openParent(path) : openDir(path.parent(), false)) {
            if (parent == null) return null;
            byte[] cname = Native.cstr(path.rawComponent(path.depth() - 1));
            Stat st = Stat.at(parent.fd, cname, what);
            int fd = openEntry(parent.fd, cname, st);
            if (fd < 0) {
                if (!mustExist) return null;
                if (st == null) throw new NoSuchFileException(what);
                int e = st.isRegular() || st.isDirectory() ? Native.errno() : 0;
                if (e != 0) throw Native.error(e, "openat", what);
                throw new IOException("not a stored file or directory (a real symlink, device, fifo or socket): " + what);
            }
            try {
                return action.apply(fd, Stat.of(fd, what), what);
            } finally {
                C.close(fd);
            }
        }
    }

    private interface EntryAction<T> {
        T apply(int fd, Stat st, String what) throws IOException;
    }

    // ---- reading ----

    @Override
    public StoredEntry lookup(StorePath path) throws IOException {
        String what = what(path);
        if (path.isRoot()) {
            if (closed) throw new IOException("store is closed: " + rootName);
            return describe(rootFd, Stat.of(rootFd, what), what);
        }
        try (Dir parent = openDir(path.parent(), false)) {
            if (parent == null) return null;
            byte[] cname = Native.cstr(path.rawComponent(path.depth() - 1));
            Stat st = Stat.at(parent.fd, cname, what);
            if (st == null) return null;
            if (st.type() == FileMode.S_IFLNK) {
                return new StoredEntry(StoredEntry.DiskType.SYMLINK, st.mode(), st.uid(), st.gid(), 0, 0, st.size(),
                        mtime(st), st.device(), st.inode(), st.links(), new byte[0], false);
            }
            if (!st.isRegular() && !st.isDirectory()) {
                return new StoredEntry(StoredEntry.DiskType.OTHER, st.mode(), st.uid(), st.gid(), st.rdevMajor(),
                        st.rdevMinor(), st.size(), mtime(st), st.device(), st.inode(), st.links(), null, false);
            }
            int fd = openEntry(parent.fd, cname, st);
            if (fd < 0) {
                int e = Native.errno();
                if (e == Native.ENOENT || e == Native.ELOOP || e == Native.ENOTDIR) return lookup(path); // replaced meanwhile
                throw Native.error(e, "openat", what);
            }
            try {
                return describe(fd, Stat.of(fd, what), what);
            } finally {
                C.close(fd);
            }
        }
    }

    /** rsync: syscall.c x_lstat + get_stat_xattr (+ do_readlink for a stored symlink). */
    private static StoredEntry describe(int fd, Stat st, String what) throws IOException {
        byte[] v = Fds.getXattr(fd, FakeSuper.STAT_NAME, what);
        StatXattr x = v == null ? null : AttributeSetter.parseOrThrow(v, what);
        int mode = x != null ? x.mode() : st.mode();
        byte[] target = null;
        if (FileMode.isSymlink(mode) && st.isRegular()) {
            byte[] buf = new byte[(int) Math.min(st.size(), MAX_SYMLINK)];
            jnr.ffi.Pointer p = BufferPool.local();
            int n = 0;
            while (n < buf.length) {
                long r = C.pread(fd, p, buf.length - n, n);
                if (r < 0) throw Native.error(Native.errno(), "pread", what);
                if (r == 0) break;
                p.get(0, buf, n, (int) r);
                n += (int) r;
            }
            target = Arrays.copyOf(buf, n);
        }
        StoredEntry.DiskType dt = st.isDirectory() ? StoredEntry.DiskType.DIRECTORY : StoredEntry.DiskType.REGULAR;
        return new StoredEntry(dt, mode, x != null ? x.uid() : st.uid(), x != null ? x.gid() : st.gid(),
                x != null ? x.rdevMajor() : 0, x != null ? x.rdevMinor() : 0, st.size(), mtime(st), st.device(),
                st.inode(), st.links(), target, x != null);
    }

    private static Instant mtime(Stat st) {
        return Instant.ofEpochSecond(st.mtimeSeconds(), st.mtimeNanos());
    }

    @Override
    public List<Xattr> readXattrs(StorePath path) throws IOException {
        List<Xattr> out = withEntry(path, false, (fd, st, what) -> AttributeSetter.clientXattrs(fd, what));
        return out == null ? List.of() : out;
    }

    @Override
    public RsyncAcl readAcl(StorePath path, boolean defaultAcl) throws IOException {
        return withEntry(path, false, (fd, st, what) -> {
            byte[] v = Fds.getXattr(fd, FakeSuper.STAT_NAME, what);
            int mode = v == null ? st.mode() : AttributeSetter.parseOrThrow(v, what).mode();
            return AttributeSetter.readAcl(fd, defaultAcl, mode, what);
        });
    }

    @Override
    public List<byte[]> list(StorePath dir) throws IOException {
        try (Dir d = openDir(dir, true)) {
            return Fds.listDirectory(d.fd, what(dir));
        }
    }

    @Override
    public BasisFile openBasis(StorePath path) throws IOException {
        if (path.isRoot()) return null;
        String what = what(path);
        try (Dir parent = openDir(path.parent(), false)) {
            if (parent == null) return null;
            byte[] cname = Native.cstr(path.rawComponent(path.depth() - 1));
            Stat before = Stat.at(parent.fd, cname, what);
            if (before == null || !before.isRegular()) return null; // never open a device or fifo
            int fd = C.openat(parent.fd, cname, ENTRY_FLAGS, 0);
            if (fd < 0) {
                int e = Native.errno();
                if (e == Native.ENOENT || e == Native.ELOOP) return null;
                throw Native.error(e, "openat", what);
            }
            Stat st = Stat.of(fd, what);
            if (!st.isRegular()) {
                C.close(fd);
                return null;
            }
            return new FdBasisFile(fd, st.size(), what);
        }
    }

    // ---- writing ----

    @Override
    public FileWriter beginFile(StorePath path, boolean inplace, boolean sparse) throws IOException {
        String what = what(path);
        byte[] name = path.rawComponent(path.depth() - 1);
        int dirfd;
        try (Dir parent = openParent(path)) {
            dirfd = parent.detach(); // the writer's own, for the rename at commit
        }
        try {
            if (!inplace) {
                Fds.TempFile t = Fds.createTemp(dirfd, name, what);
                return new FdFileWriter(this, dirfd, t.fd(), t.name(), name, sparse, what);
            }
            byte[] cname = Native.cstr(name);
            Stat old = Stat.at(dirfd, cname, what);
            if (old != null && !old.isRegular()) Fds.deleteEntry(dirfd, name, what); // never open a device or fifo
            int fd = old != null && old.isRegular() ? C.openat(dirfd, cname, Native.O_RDWR | Native.O_NOFOLLOW
                    | Native.O_NONBLOCK | Native.O_NOCTTY | Native.O_CLOEXEC, 0) : -1;
            if (fd >= 0 && !Stat.of(fd, what).isRegular()) { // replaced meanwhile
                C.close(fd);
                throw new IOException("entry changed while opening it: " + what);
            }
            if (fd < 0) {
                fd = C.openat(dirfd, cname, Native.O_RDWR | Native.O_CREAT | Native.O_EXCL | Native.O_NOFOLLOW
                        | Native.O_CLOEXEC, 0600);
                if (fd < 0) throw Native.error(Native.errno(), "openat", what);
            }
            return new FdFileWriter(this, dirfd, fd, null, name, sparse, what);
        } catch (IOException | RuntimeException e) {
            C.close(dirfd);
            throw e;
        }
    }

    void beforeWrite(long n) throws IOException {
        listener.beforeWrite(n);
    }

    void written(long n) {
        written.addAndGet(n);
        listener.written(n);
    }

    @Override
    public boolean makeDirectory(StorePath path, FileMetadata meta) throws IOException {
        if (path.isRoot()) {
            setAttributes(path, meta);
            return false;
        }
        String what = what(path);
        try (Dir parent = openParent(path)) {
            byte[] name = path.rawComponent(path.depth() - 1);
            byte[] cname = Native.cstr(name);
            boolean created = false;
            int fd = C.openat(parent.fd, cname, DIR_FLAGS, 0);
            if (fd < 0) {
                int e = Native.errno();
                if (e != Native.ENOENT) Fds.deleteEntry(parent.fd, name, what); // not a real directory: replace it
                if (C.mkdirat(parent.fd, cname, 0700) < 0) throw Native.error(Native.errno(), "mkdirat", what);
                created = true;
                fd = C.openat(parent.fd, cname, DIR_FLAGS, 0);
                if (fd < 0) throw Native.error(Native.errno(), "openat", what);
            }
            try {
                AttributeSetter.apply(fd, meta, false, what);
            } finally {
                C.close(fd);
            }
            return created;
        }
    }

    @Override
    public void makeSymlink(StorePath path, byte[] target, FileMetadata meta) throws IOException {
        if (!FileMode.isSymlink(meta.mode())) throw new IllegalArgumentException("not a symlink's mode: " + Integer.toOctalString(meta.mode()));
        createReplacing(path, target, meta);
    }

    @Override
    public void makeSpecial(StorePath path, FileMetadata meta) throws IOException {
        if (!FileMode.isDevice(meta.mode()) && !FileMode.isSpecial(meta.mode())) {
            throw new IllegalArgumentException("not a device's, fifo's or socket's mode: " + Integer.toOctalString(meta.mode()));
        }
        createReplacing(path, new byte[0], meta);
    }

    /** A new regular file with {@code content} and {@code meta}, written aside and renamed over {@code path}. */
    private void createReplacing(StorePath path, byte[] content, FileMetadata meta) throws IOException {
        String what = what(path);
        try (FdFileWriter w = (FdFileWriter) beginFile(path, false, false)) {
            w.write(content, 0, content.length);
            w.commit(meta, false);
        }
    }

    @Override
    public void makeHardLink(StorePath path, StorePath existing) throws IOException {
        String what = what(path);
        if (existing.isRoot() || path.isRoot()) throw new IllegalArgumentException("cannot hard-link the root");
        try (Dir from = openParent(existing); Dir to = openParent(path)) {
            byte[] fromName = Native.cstr(existing.rawComponent(existing.depth() - 1));
            Stat src = Stat.at(from.fd, fromName, what(existing));
            if (src == null) throw new NoSuchFileException(what(existing), what, "hard link target missing");
            if (!src.isRegular()) throw new IOException("hard link target is not a stored file: " + what(existing));
            byte[] name = path.rawComponent(path.depth() - 1);
            Stat dst = Stat.at(to.fd, Native.cstr(name), what);
            if (dst != null && dst.inode() == src.inode() && dst.device() == src.device()) return;
            for (int attempt = 0; ; attempt++) {
                byte[] tmp = Fds.tempName(name);
                if (C.linkat(from.fd, fromName, to.fd, Native.cstr(tmp), 0) == 0) {
                    try {
                        Fds.renameOver(to.fd, tmp, name, what);
                    } finally {
                        C.unlinkat(to.fd, Native.cstr(tmp), 0); // gone after a rename; there if it failed
                    }
                    return;
                }
                int e = Native.errno();
                if (e != Native.EEXIST || attempt > 100) throw Native.error(e, "linkat", what);
            }
        }
    }

    @Override
    public void setAttributes(StorePath path, FileMetadata meta, boolean exactTime) throws IOException {
        withEntry(path, true, (fd, st, what) -> {
            AttributeSetter.apply(fd, meta, exactTime, what);
            return null;
        });
    }

    @Override
    public void setMtime(StorePath path, Instant mtime) throws IOException {
        withEntry(path, true, (fd, st, what) -> {
            if (st.mtimeSeconds() == mtime.getEpochSecond()) return null; // rsync: generator.c mtime_differs
            long[] times = {0, Native.UTIME_OMIT, mtime.getEpochSecond(), mtime.getNano()};
            Native.check(C.futimens(fd, times), "futimens", what);
            return null;
        });
    }

    @Override
    public void delete(StorePath path) throws IOException {
        if (path.isRoot()) throw new IllegalArgumentException("the store's root cannot be deleted");
        try (Dir parent = openDir(path.parent(), false)) {
            if (parent == null) return;
            Fds.deleteEntry(parent.fd, path.rawComponent(path.depth() - 1), what(path));
        }
    }

    @Override
    public long bytesWritten() {
        return written.get();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            for (DirCache c : caches) {
                synchronized (c) {
                    c.drop();
                }
            }
            C.close(rootFd);
        }
    }

    @Override
    public String toString() {
        return "Store(" + rootName + ")";
    }
}
