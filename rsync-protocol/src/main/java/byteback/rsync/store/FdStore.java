package byteback.rsync.store;

import byteback.rsync.protocol.FileMode;

import static byteback.rsync.store.Native.C;

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
 * parent's descriptor. Its {@link StoreForm} decides how metadata is kept: fake-super (the
 * server's stores) or real (a restore on the client).
 */
final class FdStore implements Store {
    private static final int DIR_FLAGS = Native.O_RDONLY | Native.O_DIRECTORY | Native.O_NOFOLLOW | Native.O_CLOEXEC;
    private static final int ENTRY_FLAGS = Native.O_RDONLY | Native.O_NOFOLLOW | Native.O_NONBLOCK | Native.O_NOCTTY
            | Native.O_CLOEXEC;
    private static final int CREATE_FLAGS = Native.O_RDWR | Native.O_CREAT | Native.O_EXCL | Native.O_NOFOLLOW
            | Native.O_CLOEXEC;
    private static final int MAX_SYMLINK = 4096;

    private final StoreForm form;
    private final int rootFd;
    private final String rootName;
    private final WriteListener listener;
    private final AtomicLong written = new AtomicLong();
    private volatile boolean closed;

    private FdStore(StoreForm form, int rootFd, String rootName, WriteListener listener) {
        this.form = form;
        this.rootFd = rootFd;
        this.rootName = rootName;
        this.listener = listener;
    }

    static Store open(Path root, WriteListener listener) throws IOException {
        return open(FakeSuperForm.INSTANCE, root, listener);
    }

    static Store open(StoreForm form, Path root, WriteListener listener) throws IOException {
        String name = root.toAbsolutePath().toString();
        int fd = C.openat(-100 /* AT_FDCWD */, Native.cstr(name), Native.O_RDONLY | Native.O_DIRECTORY | Native.O_CLOEXEC, 0);
        if (fd < 0) throw Native.error(Native.errno(), "open store root", name);
        return new FdStore(form, fd, name, listener);
    }

    /** rsync has none: fcntl's F_DUPFD_CLOEXEC (Linux). */
    private static final int F_DUPFD_CLOEXEC = 1030;

    static Store open(int directoryFd, String name, WriteListener listener) throws IOException {
        return open(FakeSuperForm.INSTANCE, directoryFd, name, listener);
    }

    static Store open(StoreForm form, int directoryFd, String name, WriteListener listener) throws IOException {
        int fd = C.fcntl(directoryFd, F_DUPFD_CLOEXEC, 0);
        if (fd < 0) throw Native.error(Native.errno(), "duplicate the store root's descriptor", name);
        Stat st;
        try {
            st = Stat.of(fd, name);
        } catch (IOException | RuntimeException e) {
            C.close(fd);
            throw e;
        }
        if (!FileMode.isDirectory(st.mode())) {
            C.close(fd);
            throw new java.nio.file.NotDirectoryException(name);
        }
        return new FdStore(form, fd, name, listener);
    }

    StoreForm form() {
        return form;
    }

    // ---- walking ----

    /**
     * Each thread keeps the descriptors of the directories along the path it used last (rsync's
     * file list comes sorted, directory by directory), so that an operation opens only the
     * components that differ from the previous one's, usually none. Every component is opened
     * with openat(O_NOFOLLOW|O_DIRECTORY) beneath its parent's descriptor, never through a
     * symlink. The stack is dropped whenever the store removed any directory
     * ({@link Fds#generation()}), so a cached descriptor never stands for a directory that was
     * deleted or replaced meanwhile. At most {@link #MAX_CACHED} levels are kept open per thread.
     */
    private static final class DirStack {
        final byte[][] names = new byte[MAX_CACHED][]; // names[i]: component i of the cached path
        final int[] fds = new int[MAX_CACHED]; // fds[i]: the directory of components 0..i
        int depth;
        long generation;
        boolean borrowed;

        /** Closes the levels from {@code keep} on. */
        void truncate(int keep) {
            while (depth > keep) {
                C.close(fds[--depth]);
                names[depth] = null;
            }
        }

        /** How many leading components of {@code path}'s first {@code n} it has open. */
        int common(StorePath path, int n) {
            int max = Math.min(depth, n);
            int i = 0;
            while (i < max && Arrays.equals(names[i], path.rawComponent(i))) i++;
            return i;
        }
    }

    /** Directory levels kept open per thread; deeper ones are opened per operation. */
    static final int MAX_CACHED = 48;

    private final Set<DirStack> stacks = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<DirStack> stack = ThreadLocal.withInitial(() -> {
        DirStack c = new DirStack();
        stacks.add(c);
        return c;
    });

    /** A directory descriptor: one of the thread's cached ones (borrowed) or one of its own. */
    private static final class Dir implements AutoCloseable {
        final int fd;
        private DirStack lender;

        Dir(int fd, DirStack lender) {
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

    private Dir openDir(StorePath dir, boolean mustExist) throws IOException {
        return openDir(dir, dir.depth(), mustExist);
    }

    /**
     * Opens the directory named by the first {@code n} components of {@code path}, component by
     * component without following symlinks, reusing the thread's open directories along the way.
     *
     * @return the directory, or null (when {@code mustExist} is false) if a component is missing
     *         or is not a real directory
     */
    private Dir openDir(StorePath path, int n, boolean mustExist) throws IOException {
        if (closed) throw new IOException("store is closed: " + rootName);
        DirStack c = stack.get();
        synchronized (c) {
            long generation = Fds.generation();
            if (c.borrowed) { // a second directory in one operation: one of its own, the stack untouched
                int common = c.generation == generation ? c.common(path, n) : 0;
                int fd = walk(common == 0 ? rootFd : c.fds[common - 1], common, path, n, mustExist);
                return fd < 0 ? null : new Dir(fd, null);
            }
            if (c.generation != generation) {
                c.truncate(0);
                c.generation = generation;
            }
            int common = c.common(path, n);
            c.truncate(common);
            int fd = common == 0 ? rootFd : c.fds[common - 1];
            for (int i = common; i < n && i < MAX_CACHED; i++) {
                int next = openComponent(fd, path, i, mustExist);
                if (next < 0) return null;
                c.fds[i] = next;
                c.names[i] = path.rawComponent(i);
                c.depth = i + 1;
                fd = next;
            }
            if (n > MAX_CACHED) {
                int own = walk(fd, MAX_CACHED, path, n, mustExist);
                return own < 0 ? null : new Dir(own, null);
            }
            c.borrowed = true;
            return new Dir(fd, c);
        }
    }

    /**
     * Opens {@code path}'s components {@code start..n-1} beneath {@code startFd} (which stays
     * open); returns a new descriptor (of {@code startFd}'s directory itself when there is nothing
     * to open), or -1 when absent and {@code mustExist} is false.
     */
    private int walk(int startFd, int start, StorePath path, int n, boolean mustExist) throws IOException {
        if (start == n) {
            int fd = C.dup(startFd);
            if (fd < 0) throw Native.error(Native.errno(), "dup", what(prefix(path, n)));
            return fd;
        }
        int fd = startFd;
        for (int i = start; i < n; i++) {
            int next = openComponent(fd, path, i, mustExist);
            if (fd != startFd) C.close(fd);
            if (next < 0) return -1;
            fd = next;
        }
        return fd;
    }

    /** openat of component {@code i} of {@code path} as a directory beneath {@code dirfd}, never following a symlink. */
    private int openComponent(int dirfd, StorePath path, int i, boolean mustExist) throws IOException {
        int next = C.openat(dirfd, Native.cstr(path.rawComponent(i)), DIR_FLAGS, 0);
        if (next >= 0) return next;
        int e = Native.errno();
        if (!mustExist && (e == Native.ENOENT || e == Native.ENOTDIR || e == Native.ELOOP)) return -1;
        String what = what(prefix(path, i + 1));
        if (e == Native.ELOOP || e == Native.ENOTDIR) {
            throw new NotDirectoryException(what + " (not a directory in the store; symlinks are never followed)");
        }
        throw Native.error(e, "openat", what);
    }

    private static StorePath prefix(StorePath p, int n) {
        StorePath q = p;
        while (q.depth() > n) q = q.parent();
        return q;
    }

    private Dir openParent(StorePath path) throws IOException {
        if (path.isRoot()) throw new IllegalArgumentException("the store's root has no parent");
        return openDir(path, path.depth() - 1, true);
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
        try (Dir parent = mustExist ? openParent(path) : openDir(path, path.depth() - 1, false)) {
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
    public StoredEntry lookup(StorePath path, boolean xattrs) throws IOException {
        String what = what(path);
        if (path.isRoot()) {
            if (closed) throw new IOException("store is closed: " + rootName);
            return form.describe(rootFd, Stat.of(rootFd, what), xattrs, what);
        }
        for (int attempt = 0; ; attempt++) {
            try (Dir parent = openDir(path, path.depth() - 1, false)) {
                if (parent == null) return null;
                byte[] cname = Native.cstr(path.rawComponent(path.depth() - 1));
                Stat st = Stat.at(parent.fd, cname, what);
                if (st == null) return null;
                if (!st.isRegular() && !st.isDirectory()) {
                    return form.describeOther(parent.fd, cname, st, xattrs, what);
                }
                // opened without following and as the type just seen: the stat describes it
                int fd = openEntry(parent.fd, cname, st);
                if (fd < 0) {
                    int e = Native.errno();
                    if ((e == Native.ENOENT || e == Native.ELOOP || e == Native.ENOTDIR) && attempt < 10) continue; // replaced meanwhile
                    throw Native.error(e, "openat", what);
                }
                try {
                    return form.describe(fd, st, xattrs, what);
                } finally {
                    C.close(fd);
                }
            }
        }
    }

    @Override
    public List<Xattr> readXattrs(StorePath path) throws IOException {
        List<Xattr> out = withEntry(path, false, (fd, st, what) -> form.xattrs(fd, what));
        return out == null ? List.of() : out;
    }

    @Override
    public RsyncAcl readAcl(StorePath path, boolean defaultAcl) throws IOException {
        return withEntry(path, false, (fd, st, what) -> form.readAcl(fd, st, defaultAcl, what));
    }

    @Override
    public List<byte[]> list(StorePath dir) throws IOException {
        try (Dir d = openDir(dir, true)) {
            return Fds.listDirectory(d.fd, what(dir));
        }
    }

    @Override
    public byte[] readSymlink(StorePath path) throws IOException {
        if (path.isRoot()) return null;
        String what = what(path);
        try (Dir parent = openDir(path, path.depth() - 1, false)) {
            if (parent == null) return null;
            byte[] cname = Native.cstr(path.rawComponent(path.depth() - 1));
            byte[] buf = new byte[MAX_SYMLINK];
            long n = C.readlinkat(parent.fd, cname, buf, buf.length);
            if (n < 0) {
                int e = Native.errno();
                if (e == Native.EINVAL || e == Native.ENOENT) return null; // not a symlink, or gone
                throw Native.error(e, "readlinkat", what);
            }
            return java.util.Arrays.copyOf(buf, (int) n);
        }
    }

    @Override
    public BasisFile openBasis(StorePath path) throws IOException {
        if (path.isRoot()) return null;
        String what = what(path);
        try (Dir parent = openDir(path, path.depth() - 1, false)) {
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
        if (inplace) {
            try (Dir parent = openParent(path)) {
                return beginInPlace(parent.fd, name, sparse, what);
            }
        }
        int dirfd;
        try (Dir parent = openParent(path)) {
            dirfd = parent.detach(); // the writer's own, for the rename at commit
        }
        try {
            listener.metadata(MetadataCost.entry(name.length)); // a new inode, whatever it replaces
            Fds.TempFile t = Fds.createTemp(dirfd, name, what);
            return FdFileWriter.temp(this, dirfd, t.fd(), t.name(), name, sparse, what);
        } catch (IOException | RuntimeException e) {
            C.close(dirfd);
            throw e;
        }
    }

    /**
     * Opens {@code name} in {@code dirfd} for writing in place: a new file when there is none
     * (one openat, the common case of a first backup), else the existing regular file; any other
     * entry is deleted first, never opened (a device or fifo) or followed (a symlink).
     */
    private FdFileWriter beginInPlace(int dirfd, byte[] name, boolean sparse, String what) throws IOException {
        byte[] cname = Native.cstr(name);
        int fd = C.openat(dirfd, cname, CREATE_FLAGS, 0600);
        if (fd >= 0) return created(fd, name, sparse, what);
        int e = Native.errno();
        if (e != Native.EEXIST) throw Native.error(e, "openat", what);
        Stat old = Stat.at(dirfd, cname, what);
        if (old != null && !old.isRegular()) Fds.deleteEntry(dirfd, name, what); // never open a device or fifo
        fd = old != null && old.isRegular() ? C.openat(dirfd, cname, Native.O_RDWR | Native.O_NOFOLLOW
                | Native.O_NONBLOCK | Native.O_NOCTTY | Native.O_CLOEXEC, 0) : -1;
        if (fd >= 0) {
            Stat st = Stat.of(fd, what);
            if (!st.isRegular()) { // replaced meanwhile
                C.close(fd);
                throw new IOException("entry changed while opening it: " + what);
            }
            return FdFileWriter.inPlace(this, fd, st.size(), false, sparse, what);
        }
        fd = C.openat(dirfd, cname, CREATE_FLAGS, 0600);
        if (fd < 0) throw Native.error(Native.errno(), "openat", what);
        return created(fd, name, sparse, what);
    }

    /** A file just created for writing in place: charged as a new entry (an empty file stays when refused). */
    private FdFileWriter created(int fd, byte[] name, boolean sparse, String what) throws IOException {
        try {
            listener.metadata(MetadataCost.entry(name.length));
        } catch (IOException | RuntimeException e) {
            C.close(fd);
            throw e;
        }
        return FdFileWriter.inPlace(this, fd, 0, true, sparse, what);
    }

    /** Xattrs the form set, charged after the fact (one entry's worth at most, bounded by btrfs). */
    void xattrsSet(long cost) throws IOException {
        if (cost > 0) listener.metadata(cost);
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
                listener.metadata(MetadataCost.entry(name.length));
                if (C.mkdirat(parent.fd, cname, 0700) < 0) throw Native.error(Native.errno(), "mkdirat", what);
                created = true;
                fd = C.openat(parent.fd, cname, DIR_FLAGS, 0);
                if (fd < 0) throw Native.error(Native.errno(), "openat", what);
            }
            try {
                if (!created) listener.changed();
                xattrsSet(form.apply(fd, meta, false, created, what));
            } finally {
                C.close(fd);
            }
            return created;
        }
    }

    @Override
    public void makeSymlink(StorePath path, byte[] target, FileMetadata meta) throws IOException {
        if (!FileMode.isSymlink(meta.mode())) throw new IllegalArgumentException("not a symlink's mode: " + Integer.toOctalString(meta.mode()));
        if (form.specialsAsFiles()) {
            createReplacing(path, target, meta);
        } else {
            createOther(path, target, meta);
        }
    }

    @Override
    public void makeSpecial(StorePath path, FileMetadata meta) throws IOException {
        if (!FileMode.isDevice(meta.mode()) && !FileMode.isSpecial(meta.mode())) {
            throw new IllegalArgumentException("not a device's, fifo's or socket's mode: " + Integer.toOctalString(meta.mode()));
        }
        if (form.specialsAsFiles()) {
            createReplacing(path, new byte[0], meta);
        } else {
            createOther(path, null, meta);
        }
    }

    /** A real symlink, device, fifo or socket made aside (its metadata applied) and renamed over {@code path}. */
    private void createOther(StorePath path, byte[] target, FileMetadata meta) throws IOException {
        String what = what(path);
        byte[] name = path.rawComponent(path.depth() - 1);
        try (Dir parent = openParent(path)) {
            listener.metadata(MetadataCost.entry(name.length) + (target == null ? 0 : target.length));
            for (int attempt = 0; ; attempt++) {
                byte[] tmp = Fds.tempName(name);
                try {
                    form.createOther(parent.fd, tmp, target, meta, what);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    if (attempt > 100) throw e;
                    continue;
                }
                try {
                    Fds.renameOver(parent.fd, tmp, name, what);
                } finally {
                    C.unlinkat(parent.fd, Native.cstr(tmp), 0); // gone after a rename; there if it failed
                }
                return;
            }
        }
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
            if (!form.linkable(src)) throw new IOException("hard link target is not a stored file: " + what(existing));
            byte[] name = path.rawComponent(path.depth() - 1);
            Stat dst = Stat.at(to.fd, Native.cstr(name), what);
            if (dst != null && dst.inode() == src.inode() && dst.device() == src.device()) return;
            listener.metadata(MetadataCost.entry(name.length)); // no inode, but the name three times
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
        listener.changed();
        if (!form.specialsAsFiles() && applyToOther(path, meta)) return;
        withEntry(path, true, (fd, st, what) -> {
            xattrsSet(form.apply(fd, meta, exactTime, false, what));
            return null;
        });
    }

    /**
     * Applies {@code meta} by name when {@code path} is a real symlink, device, fifo or socket
     * (never opened, never followed); false when it is something else.
     */
    private boolean applyToOther(StorePath path, FileMetadata meta) throws IOException {
        if (path.isRoot()) return false;
        String what = what(path);
        try (Dir parent = openParent(path)) {
            byte[] cname = Native.cstr(path.rawComponent(path.depth() - 1));
            Stat st = Stat.at(parent.fd, cname, what);
            if (st == null || st.isRegular() || st.isDirectory()) return false;
            form.applyAt(parent.fd, cname, st, meta, what);
            return true;
        }
    }

    @Override
    public void setMtime(StorePath path, Instant mtime) throws IOException {
        listener.changed();
        if (!form.specialsAsFiles()) {
            StoredEntry e = lookup(path);
            if (e != null && e.diskType() != StoredEntry.DiskType.REGULAR && e.diskType() != StoredEntry.DiskType.DIRECTORY) {
                if (e.mtime().getEpochSecond() != mtime.getEpochSecond()) {
                    applyToOther(path, new FileMetadata(e.mode(), e.uid(), e.gid(), e.rdevMajor(), e.rdevMinor(), mtime,
                            null, null, null));
                }
                return;
            }
        }
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
        try (Dir parent = openDir(path, path.depth() - 1, false)) {
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
            for (DirStack c : stacks) {
                synchronized (c) {
                    c.truncate(0);
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
