package byteback.btrfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The fields of struct statfs that byteback reads, decoded from the 64-bit Linux layout (x86_64,
 * aarch64, riscv64: every field a 64-bit word; f_fsid two 32-bit ints).
 */
record StatfsStruct(long type, long blockSize, long blocks, long freeBlocks, long availableBlocks, long fragmentSize) {

    static final int SIZE = 120;

    /** BTRFS_SUPER_MAGIC. */
    static final long BTRFS_MAGIC = 0x9123683EL;

    static StatfsStruct decode(byte[] buf) {
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
        return new StatfsStruct(b.getLong(0), b.getLong(8), b.getLong(16), b.getLong(24), b.getLong(32), b.getLong(72));
    }

    boolean isBtrfs() {
        return (type & 0xFFFFFFFFL) == BTRFS_MAGIC;
    }

    /** statfs counts blocks of f_frsize bytes (f_bsize when the kernel leaves f_frsize zero). */
    SpaceUsage space() {
        long unit = fragmentSize > 0 ? fragmentSize : blockSize;
        return new SpaceUsage(blocks * unit, freeBlocks * unit, availableBlocks * unit);
    }

    /** A name for the filesystem type, for messages. */
    String typeName() {
        return switch ((int) type) {
            case 0x9123683E -> "btrfs";
            case 0xEF53 -> "ext2/3/4";
            case 0x01021994 -> "tmpfs";
            case 0x58465342 -> "xfs";
            case 0x794C7630 -> "overlayfs";
            case 0x6969 -> "nfs";
            case 0x2FC12FC1 -> "zfs";
            case 0x9FA0 -> "proc";
            case 0x62656572 -> "sysfs";
            case 0x4D44 -> "vfat";
            case 0x65735546 -> "fuse";
            case 0xF2F52010 -> "f2fs";
            default -> "a filesystem of type 0x" + Long.toHexString(type & 0xFFFFFFFFL);
        };
    }
}
