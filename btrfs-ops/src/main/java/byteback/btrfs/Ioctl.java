package byteback.btrfs;

/**
 * The btrfs ioctl request numbers, encoded as the kernel's _IOC macros do on the common Linux
 * architectures (x86_64, aarch64, riscv64, s390x): dir in bits 30-31, size in 16-29, type 8-15, nr 0-7.
 * Layouts and numbers follow include/uapi/linux/btrfs.h.
 */
final class Ioctl {

    private Ioctl() {
    }

    static final int MAGIC = 0x94;

    private static final long NONE = 0;
    private static final long WRITE = 1; // _IOC_WRITE: user space writes, the kernel reads
    private static final long READ = 2;  // _IOC_READ: the kernel writes back

    /** _IOC(dir, type, nr, size). */
    static long encode(long dir, int type, int nr, int size) {
        if (size < 0 || size >= (1 << 14)) {
            throw new IllegalArgumentException("ioctl argument size out of range: " + size);
        }
        return (dir << 30) | ((long) size << 16) | ((long) type << 8) | nr;
    }

    static long io(int nr) {
        return encode(NONE, MAGIC, nr, 0);
    }

    static long iow(int nr, int size) {
        return encode(WRITE, MAGIC, nr, size);
    }

    static long ior(int nr, int size) {
        return encode(READ, MAGIC, nr, size);
    }

    static long iowr(int nr, int size) {
        return encode(READ | WRITE, MAGIC, nr, size);
    }

    static final long SYNC = io(8);
    /** BTRFS_IOC_START_SYNC: starts committing the running transaction, returns its id (a __u64). */
    static final long START_SYNC = ior(24, 8);
    /** BTRFS_IOC_WAIT_SYNC: waits until the transaction with the given id (a __u64) is on disc. */
    static final long WAIT_SYNC = iow(22, 8);
    static final long SNAP_CREATE_V2 = iow(23, VolumeArgs.V2_SIZE);
    static final long SUBVOL_CREATE = iow(14, VolumeArgs.V1_SIZE);
    static final long SNAP_DESTROY = iow(15, VolumeArgs.V1_SIZE);
    static final long SUBVOL_GETFLAGS = ior(25, 8);
    static final long SUBVOL_SETFLAGS = iow(26, 8);
    static final long GET_SUBVOL_INFO = ior(60, SubvolInfoStruct.SIZE);
    static final long TREE_SEARCH_V2 = iowr(17, TreeSearch.ARGS_SIZE);
    static final long INO_LOOKUP = iowr(18, TreeSearch.INO_LOOKUP_SIZE);

    /** BTRFS_SUBVOL_RDONLY: in vol_args_v2.flags and in the subvolume flags word. */
    static final long SUBVOL_RDONLY = 1L << 1;

    /** BTRFS_FIRST_FREE_OBJECTID: the inode number of every subvolume's root directory. */
    static final long SUBVOLUME_ROOT_INODE = 256;
}
