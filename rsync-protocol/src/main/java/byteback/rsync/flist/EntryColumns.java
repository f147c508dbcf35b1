package byteback.rsync.flist;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A received file list held as columns of primitives, in the order the entries arrived (their wire
 * index): no object per entry but its basename. Entries of one directory share one dirname array,
 * as rsync's do. Optional attributes (atime, crtime, checksums, xattrs, ACLs, hard-link groups) get a
 * column only when the transfer carries them; the rare ones (symlink targets, device numbers) live in
 * maps. {@link #load} fills a {@link FileEntry} from a row, so code that reads one entry at a time
 * keeps its {@link FileEntry} view without the list holding one per file.
 *
 * <p>Cost per entry with the columns every list has (measured by {@code FileListFootprintTest}):
 * about 53 bytes plus the basename's length and one byte, see {@link FileListLimits#ENTRY_OVERHEAD}.
 */
final class EntryColumns {
    static final byte F_TOP_DIR = 1;
    static final byte F_CONTENT_DIR = 1 << 2;
    static final byte F_IMPLIED_DIR = 1 << 6;
    static final byte F_REMOVED = 1 << 1;
    static final byte F_HARD_LINKED = 1 << 3;

    private final FileListConfig config;
    int size;
    byte[][] dirs = new byte[16][];
    int dirCount;
    int[] dir = new int[16];
    /** Where each basename is in {@link #names}: chunk << 16 | offset of its length byte. */
    int[] nameAt = new int[16];
    /** The basenames, each a length byte and its bytes, in 64 KiB chunks (rsync: pool_alloc). */
    byte[][] names = new byte[16][];
    private int chunks;
    private int chunkUsed = CHUNK;
    static final int CHUNK = 1 << 16;
    int[] mode = new int[16];
    long[] length = new long[16];
    long[] mtime = new long[16];
    int[] nanos = new int[16];
    int[] uid;
    int[] gid;
    byte[] flags = new byte[16];
    long[] atime;
    long[] crtime;
    byte[] checksums;
    XattrSet[] xattrs;
    Acl[] accessAcls;
    Acl[] defaultAcls;
    int[] hardLinkGroup;
    final Map<Integer, byte[]> symlinks = new HashMap<>();
    final Map<Integer, long[]> devices = new HashMap<>();

    EntryColumns(FileListConfig config) {
        this.config = config;
        if (config.preserveUid()) {
            uid = new int[16];
        }
        if (config.preserveGid()) {
            gid = new int[16];
        }
        if (config.preserveAtimes()) {
            atime = new long[16];
        }
        if (config.preserveCrtimes()) {
            crtime = new long[16];
        }
        if (config.checksumLength() > 0) {
            checksums = new byte[16 * config.checksumLength()];
        }
        if (config.preserveXattrs()) {
            xattrs = new XattrSet[16];
        }
        if (config.preserveAcls()) {
            accessAcls = new Acl[16];
            defaultAcls = new Acl[16];
        }
    }

    /** Appends {@code e} (whose dirname is shared with the previous entry's when equal); returns its row. */
    int add(FileEntry e) {
        if (size == mode.length) {
            grow(size + (size >> 1) + 16);
        }
        int i = size++;
        if (e.dirname == null) {
            dir[i] = -1;
        } else {
            if (dirCount == 0 || dirs[dirCount - 1] != e.dirname) {
                if (dirCount == dirs.length) {
                    dirs = Arrays.copyOf(dirs, dirCount * 2);
                }
                dirs[dirCount++] = e.dirname;
            }
            dir[i] = dirCount - 1;
        }
        nameAt[i] = store(e.basename);
        mode[i] = e.mode;
        length[i] = e.size;
        mtime[i] = e.mtime;
        nanos[i] = e.mtimeNanos;
        if (uid != null) {
            uid[i] = e.uid;
        }
        if (gid != null) {
            gid[i] = e.gid;
        }
        flags[i] = (byte) ((e.flags & (F_TOP_DIR | F_CONTENT_DIR | F_IMPLIED_DIR)) | (e.hardLinked ? F_HARD_LINKED : 0));
        if (atime != null) {
            atime[i] = e.atime;
        }
        if (crtime != null) {
            crtime[i] = e.crtime;
        }
        if (checksums != null && e.checksum != null) {
            System.arraycopy(e.checksum, 0, checksums, i * config.checksumLength(), config.checksumLength());
        }
        if (xattrs != null) {
            xattrs[i] = e.xattrs;
        }
        if (accessAcls != null) {
            accessAcls[i] = e.accessAcl;
            defaultAcls[i] = e.defaultAcl;
        }
        if (hardLinkGroup == null && e.hardLinkGroup >= 0) { // the first hard-linked entry: a column from now on
            hardLinkGroup = new int[mode.length];
            Arrays.fill(hardLinkGroup, -1);
        }
        if (hardLinkGroup != null) {
            hardLinkGroup[i] = e.hardLinkGroup;
        }
        if (e.symlinkTarget != null) {
            symlinks.put(i, e.symlinkTarget);
        }
        if (e.rdevMajor != 0 || e.rdevMinor != 0) {
            devices.put(i, new long[] {e.rdevMajor, e.rdevMinor});
        }
        return i;
    }

    /** Copies a basename (at most 255 bytes: FileNames limits components) into the arena. */
    private int store(byte[] b) {
        if (b.length > 255) {
            throw new IllegalArgumentException("basename over 255 bytes");
        }
        if (chunkUsed + 1 + b.length > CHUNK) {
            if (chunks == names.length) {
                names = Arrays.copyOf(names, chunks * 2);
            }
            names[chunks++] = new byte[CHUNK];
            chunkUsed = 0;
        }
        byte[] c = names[chunks - 1];
        int at = chunkUsed;
        c[at] = (byte) b.length;
        System.arraycopy(b, 0, c, at + 1, b.length);
        chunkUsed += 1 + b.length;
        return (chunks - 1) << 16 | at;
    }

    byte[] nameChunk(int i) {
        return names[nameAt[i] >>> 16];
    }

    int nameOffset(int i) {
        return (nameAt[i] & 0xffff) + 1;
    }

    int nameLength(int i) {
        return names[nameAt[i] >>> 16][nameAt[i] & 0xffff] & 0xff;
    }

    /** Fills {@code e} with row {@code i} (its path is left to the caller). */
    FileEntry load(int i, FileEntry e) {
        e.dirname = dir[i] < 0 ? null : dirs[dir[i]];
        e.nameBuf = null;
        e.basename = Arrays.copyOfRange(nameChunk(i), nameOffset(i), nameOffset(i) + nameLength(i));
        e.mode = mode[i];
        e.size = length[i];
        e.mtime = mtime[i];
        e.mtimeNanos = nanos[i];
        e.uid = uid == null ? 0 : uid[i];
        e.gid = gid == null ? 0 : gid[i];
        int f = flags[i];
        e.flags = f & (F_TOP_DIR | F_CONTENT_DIR | F_IMPLIED_DIR);
        e.removed = (f & F_REMOVED) != 0;
        e.hardLinked = (f & F_HARD_LINKED) != 0;
        e.atime = atime == null ? 0 : atime[i];
        e.crtime = crtime == null ? 0 : crtime[i];
        e.checksum = checksums == null || !FileModeBits.isRegular(mode[i]) ? null
                : Arrays.copyOfRange(checksums, i * config.checksumLength(), (i + 1) * config.checksumLength());
        e.xattrs = xattrs == null ? null : xattrs[i];
        e.accessAcl = accessAcls == null ? null : accessAcls[i];
        e.defaultAcl = defaultAcls == null ? null : defaultAcls[i];
        e.hardLinkGroup = hardLinkGroup == null ? -1 : hardLinkGroup[i];
        e.symlinkTarget = FileModeBits.isSymlink(mode[i]) ? symlinks.getOrDefault(i, EMPTY) : null;
        long[] dev = devices.get(i);
        e.rdevMajor = dev == null ? 0 : (int) dev[0];
        e.rdevMinor = dev == null ? 0 : (int) dev[1];
        e.wireIndex = i;
        return e;
    }

    private static final byte[] EMPTY = new byte[0];

    /** Fills only what ordering and paths need: dirname, basename, mode, flags. */
    FileEntry loadName(int i, FileEntry e) {
        e.dirname = dir[i] < 0 ? null : dirs[dir[i]];
        e.basename = null;
        e.nameBuf = nameChunk(i);
        e.nameOff = nameOffset(i);
        e.nameLen = nameLength(i);
        e.mode = mode[i];
        e.flags = flags[i] & (F_TOP_DIR | F_CONTENT_DIR | F_IMPLIED_DIR);
        e.removed = (flags[i] & F_REMOVED) != 0;
        return e;
    }

    boolean removed(int i) {
        return (flags[i] & F_REMOVED) != 0;
    }

    boolean isDirectory(int i) {
        return (mode[i] & FileEntry.S_IFMT) == FileEntry.S_IFDIR;
    }

    private void grow(int n) {
        dir = Arrays.copyOf(dir, n);
        nameAt = Arrays.copyOf(nameAt, n);
        mode = Arrays.copyOf(mode, n);
        length = Arrays.copyOf(length, n);
        mtime = Arrays.copyOf(mtime, n);
        nanos = Arrays.copyOf(nanos, n);
        flags = Arrays.copyOf(flags, n);
        if (uid != null) {
            uid = Arrays.copyOf(uid, n);
        }
        if (gid != null) {
            gid = Arrays.copyOf(gid, n);
        }
        if (atime != null) {
            atime = Arrays.copyOf(atime, n);
        }
        if (crtime != null) {
            crtime = Arrays.copyOf(crtime, n);
        }
        if (checksums != null) {
            checksums = Arrays.copyOf(checksums, n * config.checksumLength());
        }
        if (xattrs != null) {
            xattrs = Arrays.copyOf(xattrs, n);
        }
        if (accessAcls != null) {
            accessAcls = Arrays.copyOf(accessAcls, n);
            defaultAcls = Arrays.copyOf(defaultAcls, n);
        }
        if (hardLinkGroup != null) {
            hardLinkGroup = Arrays.copyOf(hardLinkGroup, n);
        }
    }

    /** Drops the spare room of the last growth once the list is complete. */
    void trim() {
        if (size < mode.length) {
            grow(size);
        }
        dirs = Arrays.copyOf(dirs, dirCount);
        if (chunks > 0 && chunkUsed < CHUNK) {
            names[chunks - 1] = Arrays.copyOf(names[chunks - 1], chunkUsed);
        }
        names = Arrays.copyOf(names, chunks);
    }

    /** Type tests on a mode without a FileEntry. */
    static final class FileModeBits {
        private FileModeBits() {}

        static boolean isRegular(int mode) {
            return (mode & FileEntry.S_IFMT) == FileEntry.S_IFREG;
        }

        static boolean isSymlink(int mode) {
            return (mode & FileEntry.S_IFMT) == FileEntry.S_IFLNK;
        }
    }
}
