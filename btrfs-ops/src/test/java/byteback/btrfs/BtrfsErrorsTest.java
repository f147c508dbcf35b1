package byteback.btrfs;

import byteback.testsupport.Sh;
import byteback.testsupport.LoopBtrfs;
import byteback.testsupport.Trees;

import byteback.btrfs.BtrfsException.Reason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.function.Executable;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Refusals, each with its reason and a message in plain words; nothing on disc changes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BtrfsErrorsTest {

    private LoopBtrfs fs;
    private Path shm;
    private final Btrfs btrfs = new Btrfs();

    @BeforeAll
    void setUp() throws IOException {
        fs = LoopBtrfs.create("256M", true);
        shm = Files.createTempDirectory(Path.of("/dev/shm"), "byteback-btrfs-test-");
    }

    @AfterAll
    void tearDown() throws IOException {
        try {
            if (shm != null) {
                Trees.delete(shm);
            }
        } finally {
            if (fs != null) {
                fs.close();
            }
        }
    }

    /** Asserts the reason, that the message names the path, and that it is words, not an errno or a stack trace. */
    private static BtrfsException fails(Reason reason, Path mentioned, Executable operation) {
        BtrfsException e = assertThrows(BtrfsException.class, operation);
        System.out.println(e.reason() + ": " + e.getMessage());
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(e.getMessage().contains(mentioned.toString()), e.getMessage());
        String lower = e.getMessage().toLowerCase();
        for (String jargon : new String[] {"errno", "jnr", "exception", "ioctl", "\n"}) {
            assertFalse(lower.contains(jargon), e.getMessage());
        }
        return e;
    }

    @Test
    void everyOperationOnTmpfsSaysItIsNotBtrfs() throws IOException {
        Path dir = Files.createDirectory(shm.resolve("dir"));
        Path sub = fs.path("tmpfs-source");
        btrfs.createSubvolume(sub);

        BtrfsException e = fails(Reason.NOT_BTRFS, shm, () -> btrfs.createSubvolume(dir.resolve("current")));
        assertTrue(e.getMessage().contains("not on a btrfs filesystem (it is on tmpfs)"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("current")));
        fails(Reason.NOT_BTRFS, dir, () -> btrfs.isSubvolume(dir));
        fails(Reason.NOT_BTRFS, dir, () -> btrfs.snapshot(dir, fs.path("from-tmpfs"), true));
        fails(Reason.NOT_BTRFS, dir, () -> btrfs.snapshot(sub, dir.resolve("to-tmpfs"), true));
        fails(Reason.NOT_BTRFS, dir, () -> btrfs.deleteSubvolume(dir));
        fails(Reason.NOT_BTRFS, dir, () -> btrfs.isReadOnly(dir));
        fails(Reason.NOT_BTRFS, dir, () -> btrfs.setReadOnly(dir, true));
        fails(Reason.NOT_BTRFS, dir, () -> btrfs.info(dir));
        fails(Reason.NOT_BTRFS, dir, () -> btrfs.listSubvolumes(dir));
        fails(Reason.NOT_BTRFS, dir, () -> btrfs.space(dir));
        fails(Reason.NOT_BTRFS, dir, () -> btrfs.sync(dir));
        assertFalse(btrfs.isBtrfs(dir));
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void ext4SaysItIsNotBtrfs() throws IOException {
        Path base = Files.createTempDirectory("byteback-ext4-test-");
        Path image = base.resolve("ext4.img");
        Path mnt = base.resolve("mnt");
        boolean mounted = false;
        try {
            Sh.ok("truncate", "-s", "16M", image.toString());
            Sh.ok("mkfs.ext4", "-q", "-F", image.toString());
            Files.createDirectory(mnt);
            Sh.ok("mount", "-o", "loop", image.toString(), mnt.toString());
            mounted = true;
            BtrfsException e = fails(Reason.NOT_BTRFS, mnt, () -> btrfs.createSubvolume(mnt.resolve("current")));
            assertTrue(e.getMessage().contains("it is on ext2/3/4"), e.getMessage());
            fails(Reason.NOT_BTRFS, mnt, () -> btrfs.deleteSubvolume(mnt.resolve("lost+found")));
            fails(Reason.NOT_BTRFS, mnt, () -> btrfs.space(mnt));
            assertTrue(Files.isDirectory(mnt.resolve("lost+found")));
        } finally {
            if (mounted) {
                // mount -o loop sets autoclear: unmounting also detaches the loop device
                Sh.ok("umount", mnt.toString());
            }
            Trees.delete(base);
        }
    }

    @Test
    void aMissingPathIsNotFound() {
        Path missing = fs.path("missing");
        fails(Reason.NOT_FOUND, missing, () -> btrfs.createSubvolume(missing.resolve("current")));
        fails(Reason.NOT_FOUND, missing, () -> btrfs.isSubvolume(missing));
        fails(Reason.NOT_FOUND, missing, () -> btrfs.snapshot(missing, fs.path("snap-of-missing"), true));
        fails(Reason.NOT_FOUND, missing, () -> btrfs.deleteSubvolume(missing));
        fails(Reason.NOT_FOUND, missing, () -> btrfs.isReadOnly(missing));
        fails(Reason.NOT_FOUND, missing, () -> btrfs.setReadOnly(missing, true));
        fails(Reason.NOT_FOUND, missing, () -> btrfs.info(missing));
        fails(Reason.NOT_FOUND, missing, () -> btrfs.listSubvolumes(missing));
        fails(Reason.NOT_FOUND, missing, () -> btrfs.space(missing));
        fails(Reason.NOT_FOUND, missing, () -> btrfs.sync(missing));
        fails(Reason.NOT_FOUND, missing, () -> btrfs.isBtrfs(missing));
        assertFalse(Files.exists(fs.path("snap-of-missing")));
    }

    @Test
    void anExistingTargetIsRefused() throws IOException {
        Path current = fs.path("exists/current");
        Files.createDirectories(current.getParent());
        btrfs.createSubvolume(current);
        Path file = Files.writeString(fs.path("exists/file"), "keep me");
        Path dir = Files.createDirectory(fs.path("exists/dir"));
        Map<String, Long> before = BtrfsProgs.list(fs.mountPoint());

        BtrfsException e = fails(Reason.ALREADY_EXISTS, current, () -> btrfs.createSubvolume(current));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        fails(Reason.ALREADY_EXISTS, dir, () -> btrfs.createSubvolume(dir));
        fails(Reason.ALREADY_EXISTS, file, () -> btrfs.snapshot(current, file, true));
        fails(Reason.ALREADY_EXISTS, current, () -> btrfs.snapshot(current, current, true));

        assertEquals(before, BtrfsProgs.list(fs.mountPoint()));
        assertEquals("keep me", Files.readString(file));
        assertFalse(BtrfsProgs.showSucceeds(dir));
    }

    @Test
    void deletingWhatIsNoSubvolumeIsRefused() throws IOException {
        Path dir = Files.createDirectories(fs.path("plain/dir"));
        Files.writeString(dir.resolve("precious"), "x");
        Path file = Files.writeString(fs.path("plain/file"), "y");
        Path current = fs.path("plain/current");
        btrfs.createSubvolume(current);
        Path link = Files.createSymbolicLink(fs.path("plain/link"), current);

        BtrfsException e = fails(Reason.NOT_SUBVOLUME, dir, () -> btrfs.deleteSubvolume(dir));
        assertTrue(e.getMessage().contains("not a subvolume"), e.getMessage());
        fails(Reason.NOT_SUBVOLUME, file, () -> btrfs.deleteSubvolume(file));
        fails(Reason.NOT_SUBVOLUME, link, () -> btrfs.deleteSubvolume(link));
        fails(Reason.NOT_SUBVOLUME, dir, () -> btrfs.setReadOnly(dir, true));
        fails(Reason.NOT_SUBVOLUME, dir, () -> btrfs.isReadOnly(dir));
        fails(Reason.NOT_SUBVOLUME, dir, () -> btrfs.info(dir));

        assertTrue(Files.exists(dir.resolve("precious")));
        assertTrue(Files.exists(file));
        assertTrue(BtrfsProgs.showSucceeds(current));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aSnapshotOfWhatIsNoSubvolumeIsRefused() throws IOException {
        Path dir = Files.createDirectories(fs.path("nosnap/dir"));
        Path target = fs.path("nosnap/snapshot");

        BtrfsException e = fails(Reason.NOT_SUBVOLUME, dir, () -> btrfs.snapshot(dir, target, true));
        assertTrue(e.getMessage().contains("not a subvolume"), e.getMessage());
        Path file = Files.writeString(fs.path("nosnap/file"), "z");
        fails(Reason.NOT_SUBVOLUME, file, () -> btrfs.snapshot(file, target, true));
        assertFalse(Files.exists(target));
    }

    @Test
    void aSubvolumeHoldingAnotherIsNotDeleted() throws IOException {
        Path outer = fs.path("nested-outer");
        btrfs.createSubvolume(outer);
        btrfs.createSubvolume(outer.resolve("inner"));

        BtrfsException e = fails(Reason.OTHER, outer, () -> btrfs.deleteSubvolume(outer));
        assertTrue(e.getMessage().contains("contains other subvolumes"), e.getMessage());
        assertTrue(BtrfsProgs.showSucceeds(outer));
        assertTrue(BtrfsProgs.showSucceeds(outer.resolve("inner")));

        btrfs.deleteSubvolume(outer.resolve("inner"));
        btrfs.deleteSubvolume(outer);
        assertFalse(Files.exists(outer));
    }

    @Test
    void aMountPointIsNotDeleted() throws IOException {
        BtrfsException e = fails(Reason.OTHER, fs.mountPoint(), () -> btrfs.deleteSubvolume(fs.mountPoint()));
        assertTrue(e.getMessage().contains("is a mount point"), e.getMessage());
        assertTrue(BtrfsProgs.showSucceeds(fs.mountPoint()));
    }

    @Test
    void namesThatAreNoNamesAreRefused() {
        Path dots = fs.path("a/..");
        fails(Reason.OTHER, dots, () -> btrfs.createSubvolume(dots));
        Path tooLong = fs.path("x".repeat(256));
        fails(Reason.OTHER, tooLong, () -> btrfs.createSubvolume(tooLong));
        fails(Reason.OTHER, Path.of("/"), () -> btrfs.deleteSubvolume(Path.of("/")));
    }
}
