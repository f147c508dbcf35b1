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
import java.util.List;

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

    @Override
    public SourceEntry stat(StorePath path) throws IOException {
        StoredEntry e = store.lookup(path, true);
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
