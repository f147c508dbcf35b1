package byteback.btrfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.UUID;

/** Decoder for struct btrfs_ioctl_get_subvol_info_args (BTRFS_IOC_GET_SUBVOL_INFO). */
final class SubvolInfoStruct {

    private SubvolInfoStruct() {
    }

    static final int SIZE = 504;

    /** BTRFS_ROOT_SUBVOL_RDONLY: the read-only bit of the root item's flags, which this struct reports. */
    static final long ROOT_SUBVOL_RDONLY = 1L;

    private static final int TREEID = 0;        // __u64 treeid
    // char name[256] at 8, __u64 parent_id at 264, __u64 dirid at 272
    private static final int GENERATION = 280;  // __u64 generation
    private static final int FLAGS = 288;       // __u64 flags
    private static final int UUID_AT = 296;     // __u8 uuid[16]
    private static final int PARENT_UUID = 312; // __u8 parent_uuid[16]
    // received_uuid at 328, ctransid at 344
    private static final int OTRANSID = 352;    // __u64 otransid
    // stransid at 360, rtransid at 368, ctime at 376
    private static final int OTIME = 392;       // struct btrfs_ioctl_timespec { __u64 sec; __u32 nsec; } otime

    static SubvolumeInfo decode(byte[] args) {
        if (args.length < SIZE) {
            throw new IllegalArgumentException("subvolume info is " + args.length + " bytes, expected " + SIZE);
        }
        ByteBuffer b = ByteBuffer.wrap(args).order(ByteOrder.nativeOrder());
        long flags = b.getLong(FLAGS);
        long seconds = b.getLong(OTIME);
        long nanos = Integer.toUnsignedLong(b.getInt(OTIME + 8));
        Instant created = Instant.ofEpochSecond(seconds, Math.min(nanos, 999_999_999L));
        UUID parent = uuid(args, PARENT_UUID);
        return new SubvolumeInfo(b.getLong(TREEID), uuid(args, UUID_AT),
                isNil(parent) ? null : parent, b.getLong(GENERATION), created,
                (flags & ROOT_SUBVOL_RDONLY) != 0, b.getLong(OTRANSID));
    }

    /** A UUID as btrfs stores it: 16 bytes in the order they are printed. */
    static UUID uuid(byte[] bytes, int offset) {
        ByteBuffer b = ByteBuffer.wrap(bytes, offset, 16).order(ByteOrder.BIG_ENDIAN);
        return new UUID(b.getLong(), b.getLong());
    }

    private static boolean isNil(UUID uuid) {
        return uuid.getMostSignificantBits() == 0 && uuid.getLeastSignificantBits() == 0;
    }
}
