package byteback.rsync.store;

import byteback.rsync.protocol.FileMode;

import static byteback.rsync.store.Native.C;

import byteback.rsync.store.FakeSuper.StatXattr;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Applies a {@link FileMetadata} to an open regular file or directory in fake-super form
 * (rsync: rsync.c set_file_attrs with am_root &lt; 0).
 */
final class AttributeSetter {
    private AttributeSetter() {}

    /**
     * What rsync does to an entry it does not transfer, over both of its phases: the generator's
     * set_file_attrs without xattrs (generator.c recv_generator), then, only when the wanted xattrs
     * differ from the stored ones (generator.c itemize sets ITEM_REPORT_XATTR), the receiver's
     * set_file_attrs with them (receiver.c recv_files). Calling it again once the generator's part
     * is done does just the receiver's part.
     *
     * @param exactTime compare the mtime to the nanosecond (rsync: ATTRS_ACCURATE_TIME); otherwise
     *                  an mtime in the same second is left as it is, as rsync's same_mtime does with
     *                  --modify-window 0
     */
    static long apply(int fd, FileMetadata meta, boolean exactTime, String what) throws IOException {
        return apply(fd, meta, exactTime, false, what);
    }

    /**
     * {@link #apply(int, FileMetadata, boolean, String)}; {@code fresh}: a file just created, without xattrs.
     *
     * @return what the xattrs it set cost ({@link MetadataCost#xattr}); 0 when none was set
     */
    static long apply(int fd, FileMetadata meta, boolean exactTime, boolean fresh, String what) throws IOException {
        applyOnce(fd, meta.withXattrs(null), exactTime, fresh, what);
        if (meta.xattrs() != null) {
            List<Xattr> stored = fresh ? List.of() : clientXattrs(fd, what); // %stat is not a client xattr
            if (!stored.equals(normalized(meta.xattrs()))) return applyOnce(fd, meta, exactTime, false, what);
        }
        return 0;
    }

    /**
     * One call of rsync's set_file_attrs (rsync.c), with {@code meta.xattrs()} non-null meaning a
     * call with a {@code fnamecmp} (xattrs.c set_xattr runs), as after a transfer (rsync.c
     * finish_transfer).
     *
     * @param exactTime compare the mtime to the nanosecond (rsync: ATTRS_ACCURATE_TIME, after a
     *                  transfer); otherwise an mtime in the same second is left as it is
     */
    static long applyOnce(int fd, FileMetadata meta, boolean exactTime, String what) throws IOException {
        return applyOnce(fd, meta, exactTime, false, what);
    }

    /**
     * {@link #applyOnce(int, FileMetadata, boolean, String)}; {@code fresh}: {@code fd} is a file
     * this store just created, so it has no user xattrs yet (none to read or remove).
     *
     * @return what the xattrs it set cost ({@link MetadataCost#xattr}); 0 when none was set
     */
    static long applyOnce(int fd, FileMetadata meta, boolean exactTime, boolean fresh, String what) throws IOException {
        Stat st = Stat.of(fd, what);
        if (!st.isRegular() && !st.isDirectory()) {
            throw new IOException("not a stored file or directory: " + what);
        }
        byte[] oldStatValue = fresh ? null : Fds.getXattr(fd, FakeSuper.STAT_NAME, what);
        StatXattr oldStat = oldStatValue == null ? null : parseOrThrow(oldStatValue, what);
        int logicalMode = oldStat != null ? oldStat.mode() : st.mode();

        // rsync reads the stored ACLs before it changes anything (get_acl in set_file_attrs)
        boolean acls = !FileMode.isSymlink(meta.mode()) && (meta.accessAcl() != null || meta.defaultAcl() != null);
        RsyncAcl oldAccess = acls && !fresh ? readAcl(fd, false, logicalMode, what) : null;
        RsyncAcl oldDefault = acls && !fresh && st.isDirectory() ? readAcl(fd, true, logicalMode, what) : null;

        setStat(fd, st, oldStat, meta, what);
        // rsync_xal_set marks the mtime as changed when it sets or removes any xattr
        long[] xattrCost = {0};
        boolean forceTime = meta.xattrs() != null && setXattrs(fd, meta.xattrs(), fresh, xattrCost, what);
        if (meta.mtime() != null && (forceTime || !sameMtime(st, meta, exactTime))) {
            long[] times = {0, Native.UTIME_OMIT, meta.mtime().getEpochSecond(), meta.mtime().getNano()};
            Native.check(C.futimens(fd, times), "futimens", what);
        }
        if (acls) setAcls(fd, meta, oldAccess, oldDefault, st.isDirectory(), what);
        return xattrCost[0];
    }

    /** rsync: xattrs.c set_stat_xattr. */
    private static void setStat(int fd, Stat st, StatXattr oldStat, FileMetadata meta, String what) throws IOException {
        int fmode = meta.mode() & (FileMode.S_IFMT | FileMode.CHMOD_BITS);
        int diskMode = FakeSuper.diskMode(st.type(), fmode);
        if ((st.mode() & (FileMode.S_IFMT | FileMode.CHMOD_BITS)) != diskMode) {
            Native.check(C.fchmod(fd, diskMode & FileMode.CHMOD_BITS), "fchmod", what);
        }
        boolean device = FileMode.isDevice(fmode);
        StatXattr want = new StatXattr(fmode, device ? meta.rdevMajor() : 0, device ? meta.rdevMinor() : 0,
                meta.uid(), meta.gid());
        if (!FakeSuper.needsStat(diskMode, st.uid(), st.gid(), want)) {
            if (oldStat != null) Fds.removeXattr(fd, FakeSuper.STAT_NAME, what);
        } else if (!want.equals(oldStat)) {
            Fds.setXattr(fd, FakeSuper.STAT_NAME, FakeSuper.formatStat(want), what);
        }
    }

    /** The client's view of the stored xattrs (names mapped back), in name order. */
    static List<Xattr> clientXattrs(int fd, String what) throws IOException {
        return clientXattrs(fd, Fds.listXattrs(fd, what), what);
    }

    /** {@link #clientXattrs(int, String)} of the stored names already listed. */
    static List<Xattr> clientXattrs(int fd, List<byte[]> storedNames, String what) throws IOException {
        List<Xattr> list = new ArrayList<>();
        for (byte[] name : storedNames) {
            byte[] client = FakeSuper.clientName(name);
            if (client == null) continue;
            byte[] value = Fds.getXattr(fd, name, what);
            if (value != null) list.add(new Xattr(client, value));
        }
        list.sort((a, b) -> Arrays.compareUnsigned(a.name(), b.name()));
        return list;
    }

    /** The wanted xattrs as {@link #clientXattrs} would read them back once stored. */
    private static List<Xattr> normalized(List<Xattr> wanted) {
        Map<ByteBuffer, Xattr> byName = new TreeMap<>();
        for (Xattr x : wanted) {
            byte[] stored = FakeSuper.storedName(x.name());
            if (stored == null) continue;
            byte[] client = FakeSuper.clientName(stored);
            byName.put(ByteBuffer.wrap(client), new Xattr(client, x.value()));
        }
        List<Xattr> list = new ArrayList<>(byName.values());
        list.sort((a, b) -> Arrays.compareUnsigned(a.name(), b.name()));
        return list;
    }

    /** rsync: rsync.c same_mtime. */
    private static boolean sameMtime(Stat st, FileMetadata meta, boolean exact) {
        return st.mtimeSeconds() == meta.mtime().getEpochSecond()
                && (!exact || st.mtimeNanos() == meta.mtime().getNano());
    }

    /**
     * rsync: xattrs.c rsync_xal_set: set the wanted names, remove other user.* names but %stat.
     *
     * @param cost adds what the xattrs set cost ({@link MetadataCost#xattr})
     * @return whether any xattr was set or removed
     */
    private static boolean setXattrs(int fd, List<Xattr> wanted, boolean fresh, long[] cost, String what)
            throws IOException {
        boolean changed = false;
        List<ByteBuffer> keep = new ArrayList<>();
        for (Xattr x : wanted) {
            byte[] stored = FakeSuper.storedName(x.name());
            if (stored == null) continue;
            Fds.setXattr(fd, stored, x.value(), what);
            cost[0] += MetadataCost.xattr(stored.length, x.value().length);
            keep.add(ByteBuffer.wrap(stored));
            changed = true;
        }
        if (fresh) return changed; // nothing else to remove
        for (byte[] name : Fds.listXattrs(fd, what)) {
            if (!FakeSuper.startsWith(name, FakeSuper.USER_PREFIX)) continue;
            if (Arrays.equals(name, FakeSuper.STAT_NAME)) continue;
            if (!keep.contains(ByteBuffer.wrap(name))) changed |= Fds.removeXattr(fd, name, what);
        }
        return changed;
    }

    /** rsync: acls.c set_acl with its fake-super branches of set_rsync_acl. */
    private static void setAcls(int fd, FileMetadata meta, RsyncAcl oldAccess, RsyncAcl oldDefault, boolean dir,
            String what) throws IOException {
        RsyncAcl access = meta.accessAcl();
        if (access != null && !(oldAccess != null ? oldAccess : RsyncAcl.EMPTY).equalEnough(access, meta.mode())) {
            Fds.setXattr(fd, FakeSuper.ACCESS_ACL_NAME, access.toXattrValue(), what);
        }
        RsyncAcl dflt = meta.defaultAcl();
        if (!FileMode.isDirectory(meta.mode()) || !dir || dflt == null) return;
        RsyncAcl old = oldDefault != null ? oldDefault : RsyncAcl.EMPTY;
        if (old.equals(dflt)) return;
        if (dflt.userObj() == RsyncAcl.NO_ENTRY) {
            Fds.removeXattr(fd, FakeSuper.DEFAULT_ACL_NAME, what);
        } else {
            Fds.setXattr(fd, FakeSuper.DEFAULT_ACL_NAME, dflt.toXattrValue(), what);
        }
    }

    /** A stored ACL read back (rsync: acls.c get_rsync_acl), null when none is stored. */
    static RsyncAcl readAcl(int fd, boolean defaultAcl, int logicalMode, String what) throws IOException {
        byte[] v = Fds.getXattr(fd, defaultAcl ? FakeSuper.DEFAULT_ACL_NAME : FakeSuper.ACCESS_ACL_NAME, what);
        if (v == null) return null;
        RsyncAcl acl = RsyncAcl.fromXattrValue(v, logicalMode);
        if (acl == null) throw new IOException("corrupt " + (defaultAcl ? "user.rsync.%dacl" : "user.rsync.%aacl")
                + " xattr (" + v.length + " bytes) on " + what);
        return acl;
    }

    static StatXattr parseOrThrow(byte[] value, String what) throws IOException {
        StatXattr s = FakeSuper.parseStat(value);
        if (s == null) throw new IOException("corrupt user.rsync.%stat xattr on " + what + ": " + FakeSuper.printable(value));
        return s;
    }
}
