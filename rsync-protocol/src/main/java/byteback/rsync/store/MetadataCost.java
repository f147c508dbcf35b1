package byteback.rsync.store;

/**
 * What an entry or an xattr costs the filesystem in metadata, by estimate, for the server's size
 * guard: it counts these as they are written, so that a flood of empty files, directories or
 * xattrs is seen at once, before btrfs has even committed them. Pure.
 *
 * <p>The figures are a little over what btrfs uses, measured 2026-12-05 as statfs's used bytes
 * after a sync, 20 000 of each, names of 6 bytes, btrfs-progs' default metadata profile DUP
 * (every item kept twice): an empty file or a directory 724-725 bytes (estimate 804); an xattr of
 * 6 + 200 bytes 542 bytes (estimate 548).
 */
public final class MetadataCost {
    /** An inode with its item headers, kept twice. */
    public static final long ENTRY = 768;
    /** An xattr item's header and directory item, kept twice. */
    public static final long XATTR = 136;

    private MetadataCost() {}

    /**
     * A new directory entry named {@code nameLength} bytes (a file, directory, symlink, device, or
     * a hard link): the inode and its name three times (directory item, directory index, inode
     * reference), each kept twice.
     */
    public static long entry(int nameLength) {
        return ENTRY + 6L * Math.max(0, nameLength);
    }

    /** An xattr set on an entry: its name and value, kept twice. */
    public static long xattr(int nameLength, int valueLength) {
        return XATTR + 2L * (Math.max(0, nameLength) + (long) Math.max(0, valueLength));
    }
}
