package byteback.btrfs;

import byteback.btrfs.BtrfsException.Reason;
import jnr.constants.platform.Errno;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** errno to reason and words; the cases a real filesystem cannot easily be made to produce (ENOSPC) too. */
class ErrorsTest {

    private static BtrfsException translate(Errno errno) {
        return Errors.translate("cannot create subvolume /srv/x", new NativeError("ioctl", errno.intValue()));
    }

    @Test
    void mapsErrnoToReasons() {
        assertEquals(Reason.NO_SPACE, translate(Errno.ENOSPC).reason());
        assertEquals("cannot create subvolume /srv/x: no space left on the filesystem", translate(Errno.ENOSPC).getMessage());
        assertEquals(Reason.NO_SPACE, translate(Errno.EDQUOT).reason());
        assertEquals(Reason.ALREADY_EXISTS, translate(Errno.EEXIST).reason());
        assertEquals(Reason.NOT_FOUND, translate(Errno.ENOENT).reason());
        assertEquals(Reason.PERMISSION_DENIED, translate(Errno.EPERM).reason());
        assertEquals(Reason.PERMISSION_DENIED, translate(Errno.EACCES).reason());
        assertEquals(Reason.NOT_BTRFS, translate(Errno.ENOTTY).reason());
        assertEquals(Reason.OTHER, translate(Errno.EROFS).reason());
        assertTrue(translate(Errno.EROFS).getMessage().endsWith("read-only"));
        assertEquals(Reason.OTHER, translate(Errno.EIO).reason());
    }

    @Test
    void everyErrnoGetsWordsNotANumber() {
        for (Errno errno : Errno.values()) {
            if (!errno.defined()) {
                continue;
            }
            String message = translate(errno).getMessage();
            assertFalse(message.contains(errno.name()), message);
            assertFalse(message.matches(".*: \\d+$"), message);
        }
        String unknown = Errors.translate("cannot x", new NativeError("ioctl", 4000)).getMessage();
        assertEquals("cannot x: the kernel refused with error number 4000", unknown);
    }

    @Test
    void entriesAreAParentAndOneName() throws BtrfsException {
        FileNames.Entry e = FileNames.entry(Path.of("/srv/backup/client/current"), "cannot");
        assertEquals(Path.of("/srv/backup/client"), e.parent());
        assertEquals("current", e.name());
        assertEquals(Path.of("relative").toAbsolutePath(), FileNames.entry(Path.of("relative"), "cannot").path());
        assertThrows(BtrfsException.class, () -> FileNames.entry(Path.of("/srv/."), "cannot"));
        assertThrows(BtrfsException.class, () -> FileNames.entry(Path.of("/"), "cannot"));
        assertThrows(BtrfsException.class, () -> FileNames.entry(Path.of("/srv/" + "é".repeat(128)), "cannot"));
    }
}
