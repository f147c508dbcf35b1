package byteback.btrfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * BTRFS_IOC_TREE_SEARCH_V2 and BTRFS_IOC_INO_LOOKUP: the argument layouts (include/uapi/linux/btrfs.h)
 * and the decoding of the items they return (include/uapi/linux/btrfs_tree.h). Items are copied from
 * the tree's leaves as they are on disc: little-endian.
 */
final class TreeSearch {

    private TreeSearch() {
    }

    // struct btrfs_ioctl_search_key (104 bytes), then __u64 buf_size, then the buffer
    static final int KEY_SIZE = 104;
    static final int ARGS_SIZE = KEY_SIZE + 8;
    private static final int TREE_ID = 0, MIN_OBJECTID = 8, MAX_OBJECTID = 16, MIN_OFFSET = 24, MAX_OFFSET = 32,
            MIN_TRANSID = 40, MAX_TRANSID = 48, MIN_TYPE = 56, MAX_TYPE = 60, NR_ITEMS = 64, BUF_SIZE = 104;

    /** struct btrfs_ioctl_search_header: transid, objectid, offset (u64), type, len (u32). */
    static final int HEADER_SIZE = 32;

    /** struct btrfs_ioctl_ino_lookup_args: treeid, objectid, char name[4080]. */
    static final int INO_LOOKUP_SIZE = 4096;
    private static final int INO_LOOKUP_NAME = 16;

    // item types (btrfs_tree.h)
    static final int INODE_ITEM = 1;
    static final int INODE_REF = 12;
    static final int INODE_EXTREF = 13;
    static final int EXTENT_DATA = 108;

    static final long FIRST_FREE_OBJECTID = 256;
    static final long LAST_FREE_OBJECTID = -256L; // (u64)-256

    /** One item as the search returns it. */
    record Item(long leafTransid, long objectid, int type, long offset, ByteBuffer data) {}

    /** The key range and transaction filter of one search call. */
    record Key(long minObjectid, long maxObjectid, int minType, int maxType, long minOffset, long maxOffset,
               long minTransid) {

        /** The key right after (objectid, type, offset), or null when the range is exhausted. */
        Key after(long objectid, int type, long offset) {
            if (offset != -1L) return new Key(objectid, maxObjectid, type, maxType, offset + 1, maxOffset, minTransid);
            if (type < 255) return new Key(objectid, maxObjectid, type + 1, maxType, 0, maxOffset, minTransid);
            if (objectid != -1L && Long.compareUnsigned(objectid, maxObjectid) < 0) {
                return new Key(objectid + 1, maxObjectid, 0, maxType, 0, maxOffset, minTransid);
            }
            return null;
        }
    }

    /** The V2 argument block for {@code key} with a result buffer of {@code bufSize} bytes. */
    static byte[] args(Key key, int bufSize) {
        byte[] a = new byte[ARGS_SIZE + bufSize];
        ByteBuffer b = ByteBuffer.wrap(a).order(ByteOrder.nativeOrder());
        b.putLong(TREE_ID, 0); // the subvolume of the descriptor
        b.putLong(MIN_OBJECTID, key.minObjectid());
        b.putLong(MAX_OBJECTID, key.maxObjectid());
        b.putLong(MIN_OFFSET, key.minOffset());
        b.putLong(MAX_OFFSET, key.maxOffset());
        b.putLong(MIN_TRANSID, key.minTransid());
        b.putLong(MAX_TRANSID, -1L);
        b.putInt(MIN_TYPE, key.minType());
        b.putInt(MAX_TYPE, key.maxType());
        b.putInt(NR_ITEMS, Integer.MAX_VALUE);
        b.putLong(BUF_SIZE, bufSize);
        return a;
    }

    /** The items the kernel wrote into an argument block after the call. */
    static List<Item> items(byte[] args) {
        ByteBuffer key = ByteBuffer.wrap(args).order(ByteOrder.nativeOrder());
        int count = key.getInt(NR_ITEMS);
        ByteBuffer b = ByteBuffer.wrap(args).order(ByteOrder.nativeOrder());
        List<Item> out = new ArrayList<>(count);
        int p = ARGS_SIZE;
        for (int i = 0; i < count; i++) {
            if (p + HEADER_SIZE > args.length) throw new IllegalStateException("tree search result overruns its buffer");
            long transid = b.getLong(p);
            long objectid = b.getLong(p + 8);
            long offset = b.getLong(p + 16);
            int type = b.getInt(p + 24);
            int len = b.getInt(p + 28);
            p += HEADER_SIZE;
            if (len < 0 || p + len > args.length) throw new IllegalStateException("tree search item overruns its buffer");
            ByteBuffer data = ByteBuffer.wrap(args, p, len).slice().order(ByteOrder.LITTLE_ENDIAN);
            out.add(new Item(transid, objectid, type, offset, data));
            p += len;
        }
        return out;
    }

    // struct btrfs_inode_item (160 bytes, packed)
    static long inodeGeneration(ByteBuffer item) {
        return item.getLong(0);
    }

    static long inodeTransid(ByteBuffer item) {
        return item.getLong(8);
    }

    static long inodeSize(ByteBuffer item) {
        return item.getLong(16);
    }

    static int inodeMode(ByteBuffer item) {
        return item.getInt(52);
    }

    /** struct btrfs_file_extent_item: the transaction that wrote the extent is its first field. */
    static long extentGeneration(ByteBuffer item) {
        return item.getLong(0);
    }

    /** A name an inode has in a directory. */
    record Ref(long parent, byte[] name) {}

    /** The names in an INODE_REF item (key offset: the parent directory): {index u64, name_len u16, name}*. */
    static List<Ref> inodeRefs(long parent, ByteBuffer item) {
        List<Ref> out = new ArrayList<>();
        int p = 0;
        while (p + 10 <= item.limit()) {
            int len = item.getShort(p + 8) & 0xffff;
            p += 10;
            if (p + len > item.limit()) break;
            byte[] name = new byte[len];
            item.get(p, name);
            out.add(new Ref(parent, name));
            p += len;
        }
        return out;
    }

    /** The names in an INODE_EXTREF item: {parent u64, index u64, name_len u16, name}*. */
    static List<Ref> inodeExtrefs(ByteBuffer item) {
        List<Ref> out = new ArrayList<>();
        int p = 0;
        while (p + 18 <= item.limit()) {
            long parent = item.getLong(p);
            int len = item.getShort(p + 16) & 0xffff;
            p += 18;
            if (p + len > item.limit()) break;
            byte[] name = new byte[len];
            item.get(p, name);
            out.add(new Ref(parent, name));
            p += len;
        }
        return out;
    }

    static byte[] inoLookupArgs(long objectid) {
        byte[] a = new byte[INO_LOOKUP_SIZE];
        ByteBuffer.wrap(a).order(ByteOrder.nativeOrder()).putLong(0, 0).putLong(8, objectid);
        return a;
    }

    /** The path INO_LOOKUP wrote: relative to the subvolume, "" for its top, without the trailing '/'. */
    static byte[] inoLookupPath(byte[] args) {
        int end = INO_LOOKUP_NAME;
        while (end < args.length && args[end] != 0) end++;
        int len = end - INO_LOOKUP_NAME;
        if (len > 0 && args[end - 1] == '/') len--;
        byte[] path = new byte[len];
        System.arraycopy(args, INO_LOOKUP_NAME, path, 0, len);
        return path;
    }

    static String printable(byte[] name) {
        return new String(name, StandardCharsets.UTF_8);
    }
}
