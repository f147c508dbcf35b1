package byteback.rsync.store;

import static byteback.rsync.store.Native.C;

import byteback.rsync.protocol.FileMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * The real form, as rsync without fake-super writes a tree (rsync: rsync.c set_file_attrs with
 * am_root &gt; 0): real types, owners and modes, device numbers, POSIX ACLs and xattrs under their
 * own names. Used for restores on the client. Owners are set only when running as root (as rsync
 * does); without root a group is set where the kernel lets us. Xattrs are kept on regular files
 * and directories (Linux allows user.* nowhere else); as root every namespace but system.* (ACLs
 * go through {@link PosixAclXattr}), else user.* only.
 */
final class RealForm implements StoreForm {
    static final RealForm INSTANCE = new RealForm(C.geteuid() == 0);

    private static final byte[] SYSTEM_PREFIX = FakeSuper.ascii("system.");
    private static final int MAX_SYMLINK = 4096;
    private static final int UNCHANGED_ID = -1;

    private final boolean root;

    RealForm(boolean root) {
        this.root = root;
    }

    @Override
    public StoredEntry describe(int fd, Stat st, boolean xattrs, String what) throws IOException {
        StoredEntry.DiskType dt = st.isDirectory() ? StoredEntry.DiskType.DIRECTORY : StoredEntry.DiskType.REGULAR;
        return new StoredEntry(dt, st.mode(), st.uid(), st.gid(), 0, 0, st.size(), FakeSuperForm.mtime(st),
                st.device(), st.inode(), st.links(), null, false, xattrs ? xattrs(fd, what) : null,
                FakeSuperForm.ctime(st));
    }

    @Override
    public StoredEntry describeOther(int dirfd, byte[] cname, Stat st, boolean xattrs, String what) throws IOException {
        byte[] target = null;
        if (st.type() == FileMode.S_IFLNK) {
            byte[] buf = new byte[MAX_SYMLINK];
            long n = C.readlinkat(dirfd, cname, buf, buf.length);
            target = n < 0 ? new byte[0] : Arrays.copyOf(buf, (int) n); // gone meanwhile: matches nothing
        }
        boolean device = FileMode.isDevice(st.mode());
        return new StoredEntry(st.type() == FileMode.S_IFLNK ? StoredEntry.DiskType.SYMLINK : StoredEntry.DiskType.OTHER,
                st.mode(), st.uid(), st.gid(), device ? st.rdevMajor() : 0, device ? st.rdevMinor() : 0, st.size(),
                FakeSuperForm.mtime(st), st.device(), st.inode(), st.links(), target, false,
                xattrs ? List.of() : null, FakeSuperForm.ctime(st));
    }

    /** Whether this form keeps xattr {@code name} (rsync: xattrs.c rsync_xal_get's namespace rules). */
    private boolean ours(byte[] name) {
        if (FakeSuper.startsWith(name, SYSTEM_PREFIX)) return false;
        return root || FakeSuper.startsWith(name, FakeSuper.USER_PREFIX);
    }

    @Override
    public List<Xattr> xattrs(int fd, String what) throws IOException {
        List<Xattr> list = new ArrayList<>();
        for (byte[] name : Fds.listXattrs(fd, what)) {
            if (!ours(name)) continue;
            byte[] value = Fds.getXattr(fd, name, what);
            if (value != null) list.add(new Xattr(name, value));
        }
        list.sort((a, b) -> Arrays.compareUnsigned(a.name(), b.name()));
        return list;
    }

    @Override
    public RsyncAcl readAcl(int fd, Stat st, boolean defaultAcl, String what) throws IOException {
        byte[] v = Fds.getXattr(fd, defaultAcl ? PosixAclXattr.DEFAULT_NAME : PosixAclXattr.ACCESS_NAME, what);
        if (v == null) return null;
        RsyncAcl acl = PosixAclXattr.decode(v);
        if (acl == null) throw new IOException("malformed POSIX ACL (" + v.length + " bytes) on " + what);
        return acl;
    }

    /**
     * rsync: rsync.c set_file_attrs — owner first (chown clears set-id bits), then xattrs, ACLs,
     * the mode (after the ACL, whose mask chmod sets from the group bits), the time.
     */
    @Override
    public long apply(int fd, FileMetadata meta, boolean exactTime, boolean fresh, String what) throws IOException {
        Stat st = Stat.of(fd, what);
        if (!st.isRegular() && !st.isDirectory()) throw new IOException("not a file or directory: " + what);
        chown(fd, st, meta, what);
        long cost = meta.xattrs() != null ? setXattrs(fd, meta.xattrs(), fresh, what) : 0;
        int mode = meta.mode() & FileMode.CHMOD_BITS;
        if (meta.accessAcl() != null && PosixAclXattr.applies(meta.mode(), false)) {
            setAcl(fd, PosixAclXattr.ACCESS_NAME, PosixAclXattr.isExtended(meta.accessAcl())
                    ? PosixAclXattr.encode(meta.accessAcl(), mode, false) : null, what);
        }
        if (meta.defaultAcl() != null && st.isDirectory() && PosixAclXattr.applies(meta.mode(), true)) {
            setAcl(fd, PosixAclXattr.DEFAULT_NAME, meta.defaultAcl().userObj() == RsyncAcl.NO_ENTRY
                    ? null : PosixAclXattr.encode(meta.defaultAcl(), mode, true), what);
        }
        Stat now = Stat.of(fd, what); // chown and ACLs may have changed the bits
        if ((now.mode() & FileMode.CHMOD_BITS) != mode) Native.check(C.fchmod(fd, mode), "fchmod", what);
        if (meta.mtime() != null && !(st.mtimeSeconds() == meta.mtime().getEpochSecond()
                && (!exactTime || st.mtimeNanos() == meta.mtime().getNano()))) {
            long[] times = {0, Native.UTIME_OMIT, meta.mtime().getEpochSecond(), meta.mtime().getNano()};
            Native.check(C.futimens(fd, times), "futimens", what);
        }
        return cost;
    }

    @Override
    public long applyTransferred(int fd, FileMetadata meta, boolean fresh, String what) throws IOException {
        return apply(fd, meta, true, fresh, what);
    }

    private void chown(int fd, Stat st, FileMetadata meta, String what) throws IOException {
        int uid = root && st.uid() != meta.uid() ? meta.uid() : UNCHANGED_ID;
        int gid = st.gid() != meta.gid() ? meta.gid() : UNCHANGED_ID;
        if (uid == UNCHANGED_ID && gid == UNCHANGED_ID) return;
        if (C.fchown(fd, uid, gid) < 0) {
            int e = Native.errno();
            if (!root && e == Native.EPERM) return; // not a group of ours: rsync leaves it too
            throw Native.error(e, "fchown", what);
        }
    }

    /**
     * rsync: xattrs.c rsync_xal_set — the wanted names set, the others of our namespaces removed.
     *
     * @return what the xattrs set cost ({@link MetadataCost#xattr})
     */
    private long setXattrs(int fd, List<Xattr> wanted, boolean fresh, String what) throws IOException {
        long cost = 0;
        Set<ByteBuffer> keep = new HashSet<>();
        List<Xattr> have = fresh ? List.of() : xattrs(fd, what);
        for (Xattr x : wanted) {
            if (!ours(x.name())) continue;
            keep.add(ByteBuffer.wrap(x.name()));
            if (have.contains(x)) continue;
            Fds.setXattr(fd, x.name(), x.value(), what);
            cost += MetadataCost.xattr(x.name().length, x.value().length);
        }
        for (Xattr x : have) {
            if (!keep.contains(ByteBuffer.wrap(x.name()))) Fds.removeXattr(fd, x.name(), what);
        }
        return cost;
    }

    /**
     * Sets (value non-null) or removes an ACL xattr. Even a fresh entry may carry one: it inherits
     * its parent directory's default ACL.
     */
    private static void setAcl(int fd, byte[] name, byte[] value, String what) throws IOException {
        byte[] old = Fds.getXattr(fd, name, what);
        if (value != null) {
            if (!Arrays.equals(old, value)) Fds.setXattr(fd, name, value, what);
        } else if (old != null) {
            Fds.removeXattr(fd, name, what);
        }
    }

    /**
     * A symlink, device, fifo or socket by name, never followed: owner (lchown), mode (not for a
     * symlink: Linux has none), time (rsync: receiver_symlink_times).
     */
    @Override
    public void applyAt(int dirfd, byte[] cname, Stat st, FileMetadata meta, String what) throws IOException {
        int uid = root && st.uid() != meta.uid() ? meta.uid() : UNCHANGED_ID;
        int gid = st.gid() != meta.gid() ? meta.gid() : UNCHANGED_ID;
        if ((uid != UNCHANGED_ID || gid != UNCHANGED_ID)
                && C.fchownat(dirfd, cname, uid, gid, Native.AT_SYMLINK_NOFOLLOW) < 0) {
            int e = Native.errno();
            if (root || e != Native.EPERM) throw Native.error(e, "lchown", what);
        }
        int mode = meta.mode() & FileMode.CHMOD_BITS;
        if (st.type() != FileMode.S_IFLNK && (st.mode() & FileMode.CHMOD_BITS) != mode) {
            // glibc does this through an O_PATH descriptor: the entry itself, never a symlink's target
            Native.check(C.fchmodat(dirfd, cname, mode, Native.AT_SYMLINK_NOFOLLOW), "fchmodat", what);
        }
        if (meta.mtime() != null && st.mtimeSeconds() != meta.mtime().getEpochSecond()) {
            long[] times = {0, Native.UTIME_OMIT, meta.mtime().getEpochSecond(), meta.mtime().getNano()};
            Native.check(C.utimensat(dirfd, cname, times, Native.AT_SYMLINK_NOFOLLOW), "utimensat", what);
        }
    }

    @Override
    public boolean specialsAsFiles() {
        return false;
    }

    /** rsync: syscall.c do_symlink / do_mknod, then set_file_attrs on the new entry. */
    @Override
    public void createOther(int dirfd, byte[] tmpName, byte[] symlinkTarget, FileMetadata meta, String what)
            throws IOException {
        byte[] ctmp = Native.cstr(tmpName);
        if (FileMode.isSymlink(meta.mode())) {
            Native.check(C.symlinkat(Native.cstr(symlinkTarget), dirfd, ctmp), "symlinkat", what);
        } else {
            boolean device = FileMode.isDevice(meta.mode());
            long dev = device ? makedev(meta.rdevMajor(), meta.rdevMinor()) : 0;
            Native.check(C.mknodat(dirfd, ctmp, FileMode.type(meta.mode()) | 0600, dev), "mknodat", what);
        }
        try {
            Stat st = Stat.at(dirfd, ctmp, what);
            if (st == null) throw new java.nio.file.NoSuchFileException(what, null, "vanished while made");
            applyAt(dirfd, ctmp, st, meta, what);
        } catch (IOException | RuntimeException e) {
            C.unlinkat(dirfd, ctmp, 0);
            throw e;
        }
    }

    /** glibc's makedev (Linux's dev_t layout). */
    static long makedev(int major, int minor) {
        long ma = major & 0xffffffffL, mi = minor & 0xffffffffL;
        return ((ma & 0xfffff000L) << 32) | ((ma & 0xfffL) << 8) | ((mi & 0xffffff00L) << 12) | (mi & 0xffL);
    }

    @Override
    public boolean linkable(Stat st) {
        return !st.isDirectory();
    }
}
