package byteback.rsync.store;

import static byteback.rsync.store.Native.C;

import byteback.rsync.protocol.FileMode;
import byteback.rsync.store.FakeSuper.StatXattr;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The fake-super form (rsync --fake-super): every entry a regular file or directory, the client's
 * type, mode, owner and device in {@code user.rsync.%stat}, its ACLs in {@code %aacl}/{@code
 * %dacl}, its xattrs under mapped names (see {@link FakeSuper} and {@link AttributeSetter}).
 */
final class FakeSuperForm implements StoreForm {
    static final FakeSuperForm INSTANCE = new FakeSuperForm();
    private static final int MAX_SYMLINK = 4096;

    private FakeSuperForm() {}

    /** rsync: syscall.c x_lstat + get_stat_xattr (+ do_readlink for a stored symlink). */
    @Override
    public StoredEntry describe(int fd, Stat st, boolean xattrs, String what) throws IOException {
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
        List<Xattr> clientXattrs = null;
        int acls = StoredEntry.ACLS_UNKNOWN;
        if (xattrs) {
            // one listing gives the client's xattrs and which ACLs are stored (readAcl is skipped when none)
            List<byte[]> names = Fds.listXattrs(fd, what);
            clientXattrs = AttributeSetter.clientXattrs(fd, names, what);
            acls = 0;
            for (byte[] n : names) {
                if (Arrays.equals(n, FakeSuper.ACCESS_ACL_NAME)) acls |= StoredEntry.ACCESS_ACL;
                if (Arrays.equals(n, FakeSuper.DEFAULT_ACL_NAME)) acls |= StoredEntry.DEFAULT_ACL;
            }
        }
        return new StoredEntry(dt, mode, x != null ? x.uid() : st.uid(), x != null ? x.gid() : st.gid(),
                x != null ? x.rdevMajor() : 0, x != null ? x.rdevMinor() : 0, st.size(), mtime(st), st.device(),
                st.inode(), st.links(), target, x != null, clientXattrs, ctime(st), acls);
    }

    /** A real symlink or device in a fake-super store is nobody's file: never followed, replaced when met. */
    @Override
    public StoredEntry describeOther(int dirfd, byte[] cname, Stat st, boolean xattrs, String what) {
        List<Xattr> none = xattrs ? List.of() : null;
        int noAcls = xattrs ? 0 : StoredEntry.ACLS_UNKNOWN; // readAcl finds none on these
        if (st.type() == FileMode.S_IFLNK) {
            return new StoredEntry(StoredEntry.DiskType.SYMLINK, st.mode(), st.uid(), st.gid(), 0, 0, st.size(),
                    mtime(st), st.device(), st.inode(), st.links(), new byte[0], false, none, ctime(st), noAcls);
        }
        return new StoredEntry(StoredEntry.DiskType.OTHER, st.mode(), st.uid(), st.gid(), st.rdevMajor(),
                st.rdevMinor(), st.size(), mtime(st), st.device(), st.inode(), st.links(), null, false, none, ctime(st),
                noAcls);
    }

    @Override
    public List<Xattr> xattrs(int fd, String what) throws IOException {
        return AttributeSetter.clientXattrs(fd, what);
    }

    @Override
    public RsyncAcl readAcl(int fd, Stat st, boolean defaultAcl, String what) throws IOException {
        byte[] v = Fds.getXattr(fd, FakeSuper.STAT_NAME, what);
        int mode = v == null ? st.mode() : AttributeSetter.parseOrThrow(v, what).mode();
        return AttributeSetter.readAcl(fd, defaultAcl, mode, what);
    }

    @Override
    public long apply(int fd, FileMetadata meta, boolean exactTime, boolean fresh, String what) throws IOException {
        return AttributeSetter.apply(fd, meta, exactTime, fresh, what);
    }

    @Override
    public long applyTransferred(int fd, FileMetadata meta, boolean fresh, String what) throws IOException {
        return AttributeSetter.applyOnce(fd, meta, true, fresh, what);
    }

    @Override
    public void applyAt(int dirfd, byte[] cname, Stat st, FileMetadata meta, String what) throws IOException {
        throw new IOException("not a stored file or directory (a real symlink, device, fifo or socket): " + what);
    }

    @Override
    public boolean specialsAsFiles() {
        return true;
    }

    @Override
    public void createOther(int dirfd, byte[] tmpName, byte[] symlinkTarget, FileMetadata meta, String what) {
        throw new UnsupportedOperationException("fake-super stores symlinks and devices as files");
    }

    @Override
    public boolean linkable(Stat st) {
        return st.isRegular();
    }

    static Instant ctime(Stat st) {
        return Instant.ofEpochSecond(st.ctimeSeconds(), st.ctimeNanos());
    }

    static Instant mtime(Stat st) {
        return Instant.ofEpochSecond(st.mtimeSeconds(), st.mtimeNanos());
    }
}
