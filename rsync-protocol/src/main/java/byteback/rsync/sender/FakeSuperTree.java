package byteback.rsync.sender;

import byteback.rsync.protocol.FileMode;
import byteback.rsync.store.BasisFile;
import byteback.rsync.store.RsyncAcl;
import byteback.rsync.store.StorePath;
import byteback.rsync.store.StoreReader;
import byteback.rsync.store.StoredEntry;
import byteback.rsync.store.Xattr;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * A fake-super store read back as the client's files, the way {@code rsync --fake-super} as a
 * sender reads it (rsync: syscall.c x_lstat with get_stat_xattr, do_readlink; xattrs.c
 * get_xattr_names; acls.c get_rsync_acl): {@code user.rsync.%stat} gives the real type, mode,
 * owner and device numbers; a stored symlink (a regular file) gives its content as the target;
 * devices, fifos and sockets come back as what they were. Every access is descriptor-relative
 * beneath the root (openat with O_NOFOLLOW), so nothing outside it is ever read. A real symlink
 * found in the store is sent as a symlink with its target, never followed.
 */
public final class FakeSuperTree implements SourceTree {
    private final StoreReader store;
    /**
     * The entry read by the last {@link #stat}, with its xattrs and which ACLs it has (one open per
     * entry: the file list asks for its symlink target, ACLs and xattrs right after), and whose it is.
     */
    private volatile Last last;

    private record Last(StorePath path, StoredEntry entry) {}

    /** What {@link #prefetch} read for the {@link #stat} calls that follow: an entry, {@link #NONE} or an IOException. */
    private Map<StorePath, Object> ahead = Map.of();
    private static final Object NONE = new Object();
    /** Fewer paths than this are read by the caller alone (a hand-off costs more than it saves). */
    static final int MIN_SPLIT = 16;

    /** The entry the last {@link #stat} read at {@code path}, or null. */
    private StoredEntry cached(StorePath path) {
        Last l = last;
        return l != null && l.path.equals(path) ? l.entry : null;
    }

    public FakeSuperTree(StoreReader store) {
        this.store = store;
    }

    /** Opens the store at {@code root} (e.g. {@code ROOT/<client>}) read-only. */
    public static FakeSuperTree open(Path root) throws IOException {
        return new FakeSuperTree(StoreReader.openReadOnly(root));
    }

    /**
     * Reads the entries of {@code paths} (each lookup opens the entry once: statx, openat, its
     * xattrs), the second half on {@code helper}'s thread while this thread reads the first: the
     * file list of a restore is sent before any file, so the client waits and the second core is
     * free. Errors are kept and thrown by the {@link #stat} of their path, as without the hint.
     */
    @Override
    public void prefetch(List<StorePath> paths, Executor helper) throws IOException {
        int n = paths.size();
        Object[] got = new Object[n];
        int split = n;
        FutureTask<Void> other = null;
        if (n >= MIN_SPLIT && helper != null) {
            int from = n / 2;
            FutureTask<Void> t = new FutureTask<>(() -> {
                for (int i = from; i < n; i++) {
                    got[i] = fetch(paths.get(i));
                }
                return null;
            });
            try {
                helper.execute(t);
                other = t;
                split = from;
            } catch (RejectedExecutionException e) {
                // no helper: this thread reads them all
            }
        }
        for (int i = 0; i < split; i++) {
            got[i] = fetch(paths.get(i));
        }
        if (other != null) {
            awaitHelper(other);
        }
        Map<StorePath, Object> m = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            m.put(paths.get(i), got[i]);
        }
        ahead = m;
    }

    private Object fetch(StorePath path) {
        try {
            StoredEntry e = store.lookup(path, true);
            return e == null ? NONE : e;
        } catch (IOException e) {
            return e;
        }
    }

    /** Waits for the helper's half (bounded work: it never waits for anything itself). */
    private static void awaitHelper(FutureTask<Void> t) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    t.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the helper's reads end soon; the session ends after
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof RuntimeException r) throw r;
                    if (c instanceof Error r) throw r;
                    throw new IOException(c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public SourceEntry stat(StorePath path) throws IOException {
        Object a = ahead.isEmpty() ? null : ahead.remove(path);
        StoredEntry e;
        if (a == null) {
            e = store.lookup(path, true);
        } else if (a == NONE) {
            e = null;
        } else if (a instanceof IOException x) {
            throw x;
        } else {
            e = (StoredEntry) a;
        }
        if (e == null) {
            return null;
        }
        last = new Last(path, e);
        int mode = e.mode();
        long size = e.size();
        if (FileMode.isDevice(mode) || FileMode.isSpecial(mode)) {
            size = 0; // rsync: flist.c make_file
        }
        long seconds = e.mtime().getEpochSecond();
        int nanos = e.mtime().getNano();
        return new SourceEntry(mode, e.uid(), e.gid(), size, seconds, nanos, e.rdevMajor(), e.rdevMinor(),
                e.device(), e.inode(), e.links());
    }

    @Override
    public List<byte[]> list(StorePath dir) throws IOException {
        return store.list(dir);
    }

    @Override
    public BasisFile open(StorePath path) throws IOException {
        return store.openBasis(path);
    }

    @Override
    public byte[] readLink(StorePath path) throws IOException {
        StoredEntry e = cached(path);
        if (e == null) {
            e = store.lookup(path);
        }
        if (e == null) {
            throw new java.nio.file.NoSuchFileException(path.toString());
        }
        if (e.diskType() == StoredEntry.DiskType.SYMLINK) {
            byte[] t = store.readSymlink(path);
            return t == null ? new byte[0] : t;
        }
        return e.symlinkTarget() == null ? new byte[0] : e.symlinkTarget();
    }

    @Override
    public List<Xattr> xattrs(StorePath path) throws IOException {
        StoredEntry e = cached(path);
        List<Xattr> x = e != null && e.xattrs() != null ? e.xattrs() : store.readXattrs(path);
        if (x.size() < 2) {
            return x;
        }
        // rsync: xattrs.c rsync_xal_get sorts by the name on disc (user.rsync.X for other
        // namespaces), so the client itemizes the same way as against rsync --fake-super
        List<Xattr> sorted = new java.util.ArrayList<>(x);
        sorted.sort((a, b) -> java.util.Arrays.compareUnsigned(discName(a), discName(b)));
        return sorted;
    }

    private static final byte[] USER = "user.".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] RSYNC = "user.rsync.".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private static byte[] discName(Xattr x) {
        byte[] n = x.name();
        if (n.length >= USER.length && java.util.Arrays.equals(n, 0, USER.length, USER, 0, USER.length)) {
            return n;
        }
        byte[] d = java.util.Arrays.copyOf(RSYNC, RSYNC.length + n.length);
        System.arraycopy(n, 0, d, RSYNC.length, n.length);
        return d;
    }

    @Override
    public RsyncAcl acl(StorePath path, boolean defaultAcl) throws IOException {
        StoredEntry e = cached(path);
        if (e != null && !e.mayHaveAcl(defaultAcl)) {
            return null; // its xattrs were listed: no such ACL stored
        }
        return store.readAcl(path, defaultAcl);
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
