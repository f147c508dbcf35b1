package byteback.rsync.flist;

/**
 * Bounds on what a (possibly hostile) sender may make the receiver hold for one file list.
 * Exceeding any of them ends the transfer with a {@link byteback.rsync.wire.ProtocolException}
 * instead of running out of memory.
 *
 * @param maxEntries      most entries in the list (rsync itself has no limit; a whole-system
 *                        backup has a few million)
 * @param maxTotalBytes   estimate of the heap the list may take: every entry is charged a fixed
 *                        overhead plus its name, symlink target, checksum, xattr and ACL data
 * @param maxXattrValue   longest single xattr value held in the list (rsync: xattrs.c
 *                        MAX_XATTR_VALUE_BYTES, 128 MiB); values above 32 bytes travel as a
 *                        checksum anyway
 * @param maxXattrsPerFile most xattrs in one entry's set (rsync: MAX_WIRE_XATTR_COUNT)
 * @param maxAclEntries   most named entries in one ACL (rsync: MAX_WIRE_ACL_COUNT)
 */
public record FileListLimits(int maxEntries, long maxTotalBytes, int maxXattrValue,
        int maxXattrsPerFile, int maxAclEntries) {

    /**
     * Bytes charged per entry on top of its basename's bytes and variable data: the columns every
     * compact list has (dirname index 4, basename position 4 and length byte 1, mode 4, size 8,
     * mtime 8, nanoseconds 4, uid 4, gid 4, flags 1, sort order 4, path index 8 = 54) with room for
     * the half-empty tail of a growing column. Measured: FileListFootprintTest.
     */
    public static final int ENTRY_OVERHEAD = 72;

    /** {@link #ENTRY_OVERHEAD} plus the optional columns this transfer's list carries. */
    static int entryOverhead(FileListConfig c) {
        int n = ENTRY_OVERHEAD;
        if (c.preserveAtimes()) {
            n += 12;
        }
        if (c.preserveCrtimes()) {
            n += 12;
        }
        if (c.preserveXattrs()) {
            n += 6;
        }
        if (c.preserveAcls()) {
            n += 12;
        }
        if (c.preserveHardLinks()) {
            n += 12;
        }
        return n + c.checksumLength() * 3 / 2;
    }

    /** Heap of a byte array of n bytes: a 16-byte header, rounded up to 8. */
    static long arrayBytes(int n) {
        return (16 + n + 7) & ~7L;
    }

    public FileListLimits {
        if (maxEntries < 1 || maxTotalBytes < 1 || maxXattrValue < 0 || maxXattrsPerFile < 0
                || maxAclEntries < 0) {
            throw new IllegalArgumentException("file-list limits must be positive");
        }
    }

    /**
     * 4 million entries, 1 GiB estimated heap but never more than a quarter of this JVM's heap
     * (so the limit, not an OutOfMemoryError, ends a hostile list), rsync's own per-xattr and
     * per-ACL ceilings.
     */
    public static FileListLimits defaults() {
        long heapShare = Math.max(16L << 20, Runtime.getRuntime().maxMemory() / 4);
        return new FileListLimits(4_000_000, Math.min(1L << 30, heapShare), 128 << 20, 65536, 65536);
    }
}
