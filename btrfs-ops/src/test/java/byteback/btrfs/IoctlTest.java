package byteback.btrfs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The request numbers against the values the kernel's _IOW/_IOR macros give on x86_64 and aarch64. */
class IoctlTest {

    @Test
    void requestNumbersMatchTheKernelHeader() {
        // printed by a C program including <linux/btrfs.h>
        assertEquals(0x5000940eL, Ioctl.SUBVOL_CREATE);
        assertEquals(0x50009417L, Ioctl.SNAP_CREATE_V2);
        assertEquals(0x5000940fL, Ioctl.SNAP_DESTROY);
        assertEquals(0x80089419L, Ioctl.SUBVOL_GETFLAGS);
        assertEquals(0x4008941aL, Ioctl.SUBVOL_SETFLAGS);
        assertEquals(0x81f8943cL, Ioctl.GET_SUBVOL_INFO);
    }

    @Test
    void encodesDirectionSizeTypeAndNumber() {
        assertEquals(0x00009408L, Ioctl.SYNC);
        assertEquals(0x80089418L, Ioctl.START_SYNC);
        assertEquals(0x40089416L, Ioctl.WAIT_SYNC);
        assertEquals(0xc0109414L, Ioctl.iowr(20, 16)); // BTRFS_IOC_SPACE_INFO
        assertThrows(IllegalArgumentException.class, () -> Ioctl.iow(1, 1 << 14));
    }
}
