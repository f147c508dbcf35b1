package byteback.rsync.flist;

import static byteback.rsync.protocol.XFlags.*;

import byteback.rsync.memory.Reservation;
import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireInput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads the sender's complete file list from the demultiplexed data stream, validating every
 * value against a hostile sender (rsync: flist.c recv_file_list without incremental recursion).
 * One reader reads one list; the per-list state (previous entry for the XMIT_SAME_* flags, the
 * xattr and ACL caches) lives in it, so incremental recursion could later read further lists
 * with the same state.
 */
public final class FileListReader {
    // rsync: rsync.h XMIT_* transmission flags: see XFlags, shared with the sender

    private final FileListConfig config;
    private final Budget budget;
    private final IdNames idNames;
    private final XattrReader xattrs;
    private final AclReader acls;
    private EntryColumns received;
    /** The protocol index of the list being read's first entry (rsync: flist->ndx_start). */
    private int ndxStart;

    // rsync: the statics of recv_file_entry — the previous entry's values for XMIT_SAME_*
    private byte[] lastName = new byte[0];
    private byte[] lastDir;
    private long modtime;
    private long atime;
    private long crtime;
    private int mode;
    private int uid;
    private int gid;
    private int rdevMajor;

    public FileListReader(FileListConfig config) {
        this(config, null);
    }

    /**
     * @param reservation the connection's share of the server's memory budget, charged with
     *                    everything the list is estimated to hold (null: only the list's own
     *                    {@link FileListLimits})
     */
    public FileListReader(FileListConfig config, Reservation reservation) {
        this.config = config;
        this.budget = new Budget(config.limits(), reservation);
        this.idNames = new IdNames(budget);
        this.xattrs = config.preserveXattrs()
                ? new XattrReader(config.xattrSumLength(), config.limits(), budget) : null;
        this.acls = config.preserveAcls() ? new AclReader(config.limits(), budget, idNames) : null;
        this.received = new EntryColumns(config);
    }

    /** Heap the list read so far is estimated to hold, as charged to its budget. */
    public long estimatedBytes() {
        return budget.bytes();
    }

    /**
     * Reads entries up to the end marker, then the uid/gid name lists (unless --numeric-ids), then
     * sorts and cleans the list as rsync does. Call once.
     *
     * @throws ProtocolException for anything unsafe or impossible: absolute or ".." names, NUL
     *         bytes, over-long names or components, bad modes, impossible counts, hard-link
     *         references that are not backwards, colliding names, exceeded {@link FileListLimits}
     * @throws java.io.EOFException when the stream ends before the list does
     */
    public FileList read(WireInput in) throws IOException {
        int ioError = readEntries(in);
        idNames.readLists(in, config);
        return FileListCleaner.sortAndClean(received, config, ioError, idNames.users, idNames.groups, false);
    }

    /**
     * With incremental recursion (rsync: recv_file_list with inc_recurse): reads one list, the
     * first or a directory's, whose entries get protocol indices from {@code ndxStart} on. The
     * state of earlier lists carries over (the previous entry for XMIT_SAME_*, the xattr and ACL
     * caches, the user and group names, which come with the entries); there are no id lists at the
     * end. Hard-linked entries keep their group number (rsync: F_HL_GNUM), the protocol index of
     * the group's first entry, possibly in an earlier list. What the list alone holds is charged to
     * the budget until {@link #release(FileList)}.
     */
    public FileList readIncremental(WireInput in, int ndxStart) throws IOException {
        this.ndxStart = ndxStart;
        this.received = new EntryColumns(config);
        long before = budget.listBytes();
        int entriesBefore = budget.entries();
        int ioError = readEntries(in);
        FileList list = FileListCleaner.sortAndClean(received, config, ioError, idNames.users, idNames.groups, true);
        list.charged(budget.listBytes() - before, budget.entries() - entriesBefore);
        this.received = null;
        return list;
    }

    /** Gives back what an incremental list was charged, once it is no longer held. */
    public void release(FileList list) {
        budget.release(list.chargedBytes(), list.chargedEntries());
    }

    /** The entries up to the end marker; returns the sender's io_error. */
    private int readEntries(WireInput in) throws IOException {
        int ioError = 0;
        while (true) {
            int flags;
            if (config.varintFlistFlags()) {
                flags = in.readVarint();
                if (flags == 0) {
                    ioError = in.readVarint() & IOERR_VALID_MASK;
                    break;
                }
            } else {
                flags = in.readByte();
                if (flags == 0) {
                    break;
                }
                if ((flags & XMIT_EXTENDED_FLAGS) != 0) {
                    flags |= in.readByte() << 8;
                }
                if (flags == (XMIT_EXTENDED_FLAGS | XMIT_IO_ERROR_ENDLIST)) {
                    if (!config.safeFlistEffective()) {
                        throw new ProtocolException("Invalid flist flag: 0x"
                                + Integer.toHexString(flags));
                    }
                    ioError = in.readVarint() & IOERR_VALID_MASK;
                    break;
                }
            }
            if ((flags & ~KNOWN_FLAGS) != 0) {
                throw new ProtocolException("unknown file-list flags 0x"
                        + Integer.toHexString(flags));
            }
            budget.entry(config);
            FileEntry e = readEntry(in, flags);
            e.wireIndex = received.size;
            received.add(e);
        }
        return ioError;
    }

    /** rsync: flist.c recv_file_entry. */
    private FileEntry readEntry(WireInput in, int xflags) throws IOException {
        int l1 = (xflags & XMIT_SAME_NAME) != 0 ? in.readByte() : 0;
        int l2 = (xflags & XMIT_LONG_NAME) != 0 ? in.readVarint() : in.readByte();
        if (l1 > lastName.length) {
            throw new ProtocolException("file name shares " + l1
                    + " bytes with a previous name of only " + lastName.length + " bytes");
        }
        if (l2 < 0 || l2 > FileNames.MAX_PATH - l1) {
            throw new ProtocolException("file name length overflow: l1=" + l1 + " l2=" + l2);
        }
        byte[] raw = Arrays.copyOf(lastName, l1 + l2);
        in.readFully(raw, l1, l2);
        lastName = raw;
        byte[] name = FileNames.clean(raw, config.relativePaths());
        String shown = FileNames.printable(name);

        FileEntry e = new FileEntry();
        int slash = lastIndexOf(name, (byte) '/');
        if (slash >= 0) {
            // rsync: entries of one directory share its name (lastdir)
            if (lastDir == null || !Arrays.equals(lastDir, 0, lastDir.length, name, 0, slash)) {
                lastDir = Arrays.copyOf(name, slash);
                budget.charge(16 + slash);
            }
            e.dirname = lastDir;
            e.basename = Arrays.copyOfRange(name, slash + 1, name.length);
        } else {
            e.basename = name;
        }
        // the basename's bytes in the list's arena (the list keeps no other copy of the name)
        budget.charge(e.basename.length);

        FileEntry first = null;
        int earlierGroup = -1;
        if ((xflags & XMIT_HLINKED) != 0 && (xflags & XMIT_HLINK_FIRST) == 0) {
            int firstNdx = in.readVarint();
            if (firstNdx < 0 || firstNdx >= ndxStart + received.size) {
                throw new ProtocolException("hard-link reference out of range: " + firstNdx
                        + " (" + (ndxStart + received.size) + " entries so far) for " + shown);
            }
            if (firstNdx >= ndxStart) {
                first = received.load(firstNdx - ndxStart, new FileEntry());
                if (first.hardLinkGroup != firstNdx) {
                    throw new ProtocolException("hard-link reference " + firstNdx
                            + " is not the first entry of a hard-link group, for " + shown);
                }
            } else {
                earlierGroup = firstNdx; // an earlier list's group: this entry comes in full
            }
        }
        if (first != null) {
            // rsync: the abbreviated entry copies everything but its name from the group's first
            e.size = first.size;
            modtime = first.mtime;
            e.mtimeNanos = first.mtimeNanos;
            mode = first.mode;
            if (config.preserveAtimes() && !first.isDirectory()) {
                atime = first.atime;
            }
            if (config.preserveCrtimes()) {
                crtime = first.crtime;
            }
            if (config.preserveUid()) {
                uid = first.uid;
            }
            if (config.preserveGid()) {
                gid = first.gid;
            }
            if (config.preserveDevices() && first.isDevice()) {
                rdevMajor = first.rdevMajor;
            }
            e.mode = mode;
            e.rdevMajor = first.rdevMajor;
            e.rdevMinor = first.rdevMinor;
            e.symlinkTarget = first.symlinkTarget;
            e.checksum = first.checksum;
        } else {
            readAttributes(in, xflags, e, shown);
        }
        e.mtime = modtime;
        e.atime = config.preserveAtimes() && !e.isDirectory() ? atime : 0;
        e.crtime = config.preserveCrtimes() ? crtime : 0;
        e.uid = config.preserveUid() ? uid : 0;
        e.gid = config.preserveGid() ? gid : 0;

        if (e.size < 0) {
            throw new ProtocolException("negative file length " + e.size + " for " + shown);
        }
        boolean isRoot = (name.length == 1 && name[0] == '.')
                || (name.length == 2 && name[0] == '/' && name[1] == '.');
        if (isRoot && !e.isDirectory()) {
            throw new ProtocolException("rejecting non-directory transfer-root entry: " + shown);
        }
        if (!e.isDirectory() && e.basename.length == 1 && e.basename[0] == '.') {
            throw new ProtocolException("rejecting non-directory entry named \".\": " + shown);
        }
        if (e.isDirectory()) {
            if ((xflags & XMIT_HLINKED) != 0) {
                throw new ProtocolException("hard-link flags on directory " + shown);
            }
            if ((xflags & XMIT_NO_CONTENT_DIR) == 0) {
                if ((xflags & XMIT_TOP_DIR) != 0) {
                    e.flags |= FileEntry.FLAG_TOP_DIR;
                }
                e.flags |= FileEntry.FLAG_CONTENT_DIR;
            } else if ((xflags & XMIT_TOP_DIR) != 0) {
                e.flags |= FileEntry.FLAG_IMPLIED_DIR;
            }
        }
        if ((xflags & XMIT_HLINKED) != 0) {
            e.hardLinked = config.preserveHardLinks();
            e.hardLinkGroup = first != null ? ndxStart + first.wireIndex
                    : earlierGroup >= 0 ? earlierGroup : ndxStart + received.size;
        }
        if (acls != null && !e.isSymlink()) {
            acls.read(in, e);
        }
        if (xattrs != null) {
            e.xattrs = xattrs.read(in, shown);
        }
        return e;
    }

    /** The non-abbreviated part of recv_file_entry: length, times, mode, owner, rdev, link, sum. */
    private void readAttributes(WireInput in, int xflags, FileEntry e, String shown)
            throws IOException {
        e.size = in.readVarlong(3);
        if ((xflags & XMIT_SAME_TIME) == 0) {
            modtime = in.readVarlong(4);
        }
        if ((xflags & XMIT_MOD_NSEC) != 0) {
            e.mtimeNanos = WireBytes.varint(in, 0, MAX_NSEC, "modtime nanoseconds");
        }
        if (config.preserveCrtimes()) {
            crtime = (xflags & XMIT_CRTIME_EQ_MTIME) != 0 ? modtime : in.readVarlong(4);
        }
        if ((xflags & XMIT_SAME_MODE) == 0) {
            mode = in.readInt();
        }
        e.mode = mode;
        if (!validType(mode)) {
            throw new ProtocolException("invalid file mode 0" + Integer.toOctalString(mode)
                    + " for " + shown);
        }
        if (config.preserveAtimes() && !e.isDirectory() && (xflags & XMIT_SAME_ATIME) == 0) {
            atime = in.readVarlong(4);
        }
        if (config.preserveUid() && (xflags & XMIT_SAME_UID) == 0) {
            uid = in.readVarint();
            if ((xflags & XMIT_USER_NAME_FOLLOWS) != 0) {
                idNames.readName(in, uid, true);
            }
        }
        if (config.preserveGid() && (xflags & XMIT_SAME_GID) == 0) {
            gid = in.readVarint();
            if ((xflags & XMIT_GROUP_NAME_FOLLOWS) != 0) {
                idNames.readName(in, gid, false);
            }
        }
        if ((config.preserveDevices() && e.isDevice())
                || (config.preserveSpecials() && e.isSpecial() && config.protocol() < 31)) {
            if ((xflags & XMIT_SAME_RDEV_MAJOR) == 0) {
                rdevMajor = in.readVarint();
            }
            e.rdevMajor = rdevMajor;
            e.rdevMinor = in.readVarint();
            e.size = 0;
        } else if (e.isDevice()) {
            e.size = 0;
        }
        if (config.preserveLinks() && e.isSymlink()) {
            int len = in.readVarint();
            if (len < 0 || len >= FileNames.MAX_PATH + 1) {
                throw new ProtocolException("symlink target length " + len + " out of range for "
                        + shown);
            }
            byte[] target = WireBytes.read(in, len);
            for (byte b : target) {
                if (b == 0) {
                    throw new ProtocolException("symlink target contains a NUL byte for " + shown);
                }
            }
            budget.charge(len);
            e.symlinkTarget = target;
        } else if (e.isSymlink()) {
            e.symlinkTarget = new byte[0];
        }
        if (config.checksumLength() > 0 && e.isRegular()) {
            e.checksum = WireBytes.read(in, config.checksumLength());
            budget.charge(config.checksumLength());
        }
    }

    private static boolean validType(int mode) {
        return switch (mode & FileEntry.S_IFMT) {
            case FileEntry.S_IFREG, FileEntry.S_IFDIR, FileEntry.S_IFLNK, FileEntry.S_IFCHR,
                    FileEntry.S_IFBLK, FileEntry.S_IFIFO, FileEntry.S_IFSOCK -> (mode & ~0177777) == 0;
            default -> false;
        };
    }

    private static int lastIndexOf(byte[] a, byte b) {
        for (int i = a.length - 1; i >= 0; i--) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
