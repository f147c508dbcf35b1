package byteback.btrfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Encoders for struct btrfs_ioctl_vol_args (v1) and struct btrfs_ioctl_vol_args_v2, which carry the
 * name of a subvolume inside the directory the ioctl is called on.
 */
final class VolumeArgs {

    private VolumeArgs() {
    }

    /** sizeof(struct btrfs_ioctl_vol_args): __s64 fd; char name[BTRFS_PATH_NAME_MAX + 1]. */
    static final int V1_SIZE = 4096;
    private static final int V1_NAME_OFFSET = 8;

    /**
     * sizeof(struct btrfs_ioctl_vol_args_v2): __s64 fd; __u64 transid; __u64 flags; union { size and
     * qgroup_inherit pointer, or __u64 unused[4] }; union { char name[BTRFS_SUBVOL_NAME_MAX + 1]; ids }.
     */
    static final int V2_SIZE = 4096;
    private static final int V2_FLAGS_OFFSET = 16;
    private static final int V2_NAME_OFFSET = 56;

    /** BTRFS_VOL_NAME_MAX: the longest name of a directory entry on btrfs. */
    static final int NAME_MAX = 255;

    /** vol_args for SUBVOL_CREATE and SNAP_DESTROY: the subvolume's name in the directory. */
    static byte[] v1(byte[] name) {
        checkName(name);
        byte[] args = new byte[V1_SIZE];
        System.arraycopy(name, 0, args, V1_NAME_OFFSET, name.length);
        return args;
    }

    /** vol_args_v2 for SNAP_CREATE_V2: the source subvolume's fd, the flags and the new name. */
    static byte[] v2(long fd, long flags, byte[] name) {
        checkName(name);
        byte[] args = new byte[V2_SIZE];
        ByteBuffer buffer = ByteBuffer.wrap(args).order(ByteOrder.nativeOrder());
        buffer.putLong(0, fd);
        buffer.putLong(V2_FLAGS_OFFSET, flags);
        System.arraycopy(name, 0, args, V2_NAME_OFFSET, name.length);
        return args;
    }

    /** A name must be one non-empty path component; the caller has already rejected "." and "..". */
    static void checkName(byte[] name) {
        if (name.length == 0 || name.length > NAME_MAX) {
            throw new IllegalArgumentException("name length " + name.length + " is not within 1.." + NAME_MAX);
        }
        for (byte b : name) {
            if (b == '/' || b == 0) {
                throw new IllegalArgumentException("a name must not contain '/' or NUL");
            }
        }
    }
}
