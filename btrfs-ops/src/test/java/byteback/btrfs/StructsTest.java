package byteback.btrfs;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The struct encoders and decoders against hand-laid bytes at the kernel header's offsets. */
class StructsTest {

    private static ByteBuffer nativeBuffer(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.nativeOrder());
    }

    @Property
    void v1CarriesTheNameNulTerminatedAfterTheFd(@ForAll @StringLength(min = 1, max = 255) @CharRange(from = 'a', to = 'z') String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] args = VolumeArgs.v1(bytes);
        assertEquals(4096, args.length);
        assertEquals(0, nativeBuffer(args).getLong(0));
        assertArrayEquals(bytes, Arrays.copyOfRange(args, 8, 8 + bytes.length));
        assertEquals(0, args[8 + bytes.length]);
    }

    @Property
    void v2CarriesFdFlagsAndName(@ForAll int fd, @ForAll boolean readOnly,
                                 @ForAll @StringLength(min = 1, max = 255) @CharRange(from = '0', to = '9') String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        byte[] args = VolumeArgs.v2(fd, readOnly ? Ioctl.SUBVOL_RDONLY : 0, bytes);
        ByteBuffer b = nativeBuffer(args);
        assertEquals(fd, b.getLong(0));
        assertEquals(0, b.getLong(8)); // transid
        assertEquals(readOnly ? 2 : 0, b.getLong(16));
        for (int i = 24; i < 56; i++) {
            assertEquals(0, args[i]); // size, qgroup_inherit: none
        }
        assertArrayEquals(bytes, Arrays.copyOfRange(args, 56, 56 + bytes.length));
        assertEquals(0, args[56 + bytes.length]);
    }

    @Test
    void namesMustBeOneComponent() {
        assertThrows(IllegalArgumentException.class, () -> VolumeArgs.v1(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> VolumeArgs.v1(new byte[256]));
        assertThrows(IllegalArgumentException.class, () -> VolumeArgs.v1("a/b".getBytes(StandardCharsets.UTF_8)));
        assertThrows(IllegalArgumentException.class, () -> VolumeArgs.v2(3, 0, new byte[] {'a', 0}));
    }

    @Test
    void decodesSubvolumeInfo() {
        byte[] args = new byte[SubvolInfoStruct.SIZE];
        ByteBuffer b = nativeBuffer(args);
        b.putLong(0, 261);         // treeid
        b.putLong(280, 42);        // generation
        b.putLong(288, 1);         // flags: BTRFS_ROOT_SUBVOL_RDONLY
        UUID uuid = UUID.fromString("78b4bbb9-f870-0247-98fa-c7e7f61ece76");
        UUID parent = UUID.fromString("297d9d70-b08d-2c42-b667-a27385e7b0bd");
        ByteBuffer.wrap(args, 296, 16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits());
        ByteBuffer.wrap(args, 312, 16).putLong(parent.getMostSignificantBits()).putLong(parent.getLeastSignificantBits());
        b.putLong(344, 40);        // ctransid: not the creation transaction
        b.putLong(352, 39);        // otransid
        b.putLong(376, 1);         // ctime: must not be taken for the creation time
        b.putLong(392, 1_795_000_000L);
        b.putInt(400, 123_000_000);

        SubvolumeInfo info = SubvolInfoStruct.decode(args);

        assertEquals(new SubvolumeInfo(261, uuid, parent, 42, Instant.ofEpochSecond(1_795_000_000L, 123_000_000), true, 39), info);
        assertTrue(info.isSnapshot());
    }

    @Test
    void aSubvolumeThatIsNoSnapshotHasNoParent() {
        byte[] args = new byte[SubvolInfoStruct.SIZE];
        nativeBuffer(args).putLong(288, 2); // only an unrelated bit: not read-only
        SubvolumeInfo info = SubvolInfoStruct.decode(args);
        assertNull(info.parentUuid());
        assertFalse(info.readOnly());
        assertFalse(info.isSnapshot());
        assertThrows(IllegalArgumentException.class, () -> SubvolInfoStruct.decode(new byte[100]));
    }

    @Test
    void decodesStatfs() {
        byte[] buf = new byte[StatfsStruct.SIZE];
        ByteBuffer b = nativeBuffer(buf);
        b.putLong(0, 0x9123683EL);
        b.putLong(8, 4096);
        b.putLong(16, 65536);
        b.putLong(24, 60000);
        b.putLong(32, 59000);
        b.putLong(72, 4096);
        StatfsStruct fs = StatfsStruct.decode(buf);
        assertTrue(fs.isBtrfs());
        assertEquals(new SpaceUsage(65536L * 4096, 60000L * 4096, 59000L * 4096), fs.space());
        assertEquals("btrfs", fs.typeName());

        b.putLong(0, 0x01021994);
        b.putLong(72, 0); // no f_frsize: blocks count in f_bsize
        fs = StatfsStruct.decode(buf);
        assertFalse(fs.isBtrfs());
        assertEquals("tmpfs", fs.typeName());
        assertEquals(65536L * 4096, fs.space().totalBytes());
        b.putLong(0, 0x12345678);
        assertEquals("a filesystem of type 0x12345678", StatfsStruct.decode(buf).typeName());
    }

    @Test
    void availablePercent() {
        assertEquals(25.0, new SpaceUsage(400, 200, 100).availablePercent());
        assertEquals(0.0, new SpaceUsage(0, 0, 0).availablePercent());
    }
}
