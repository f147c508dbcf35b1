package byteback.btrfs;

import byteback.testsupport.Sh;
import byteback.testsupport.LoopBtrfs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation as the unprivileged owner of the store (user nobody, through setpriv) on a
 * filesystem mounted with user_subvol_rm_allowed, checked as root with btrfs-progs; and the refusals
 * an unprivileged user must get.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BtrfsUnprivilegedTest {

    private LoopBtrfs fs;
    private LoopBtrfs fsWithoutUserRm;
    private UnprivilegedUser user;

    @BeforeAll
    void setUp() throws IOException {
        try {
            fs = LoopBtrfs.create("256M", true);
            fsWithoutUserRm = LoopBtrfs.create("256M", false);
            user = new UnprivilegedUser();
        } catch (IOException | RuntimeException e) {
            tearDown();
            throw e;
        }
    }

    @AfterAll
    void tearDown() throws IOException {
        try (AutoCloseable a = fs; AutoCloseable b = fsWithoutUserRm; AutoCloseable c = user) {
            // closes all three, also when one of them fails
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }

    /** A directory in the filesystem owned by the user, as the server's store is. */
    private Path ownedDirectory(LoopBtrfs on, String name) throws IOException {
        Path dir = Files.createDirectories(on.path(name));
        user.own(dir);
        return dir;
    }

    @Test
    void theOwnerDoesEveryOperation() throws IOException {
        Path client = ownedDirectory(fs, "owner/client");
        Path current = client.resolve("current");
        Path snapshot = client.resolve("2026-11-26T21:30+0000");

        assertEquals("OK", user.run("create", current.toString()));
        assertTrue(BtrfsProgs.showSucceeds(current));
        assertEquals(user.uid, (int) Files.getAttribute(current, "unix:uid"));
        assertFalse(BtrfsProgs.readOnly(current));
        assertTrue(BtrfsProgs.list(fs.mountPoint()).containsKey("owner/client/current"));
        assertEquals("OK true", user.run("is-subvolume", current.toString()));
        assertEquals("OK false", user.run("is-subvolume", client.toString()));

        Files.writeString(current.resolve("file"), "backed up");
        user.own(current.resolve("file"));
        assertEquals("OK", user.run("snapshot", current.toString(), snapshot.toString(), "true"));
        assertTrue(BtrfsProgs.readOnly(snapshot));
        assertEquals(BtrfsProgs.show(current).uuid(), BtrfsProgs.show(snapshot).parentUuid());
        assertEquals("backed up", Files.readString(snapshot.resolve("file")));
        assertEquals("OK true", user.run("is-ro", snapshot.toString()));
        assertEquals("OK false", user.run("is-ro", current.toString()));

        BtrfsProgs.Shown shown = BtrfsProgs.show(snapshot);
        assertEquals("OK " + shown.id() + " " + shown.uuid() + " " + shown.parentUuid() + " " + shown.generation()
                + " " + shown.created().getEpochSecond() + " true", user.run("info", snapshot.toString()));

        assertEquals("OK", user.run("set-ro", snapshot.toString(), "false"));
        assertFalse(BtrfsProgs.readOnly(snapshot));
        assertEquals("OK", user.run("set-ro", snapshot.toString(), "true"));
        assertTrue(BtrfsProgs.readOnly(snapshot));

        Files.createDirectory(client.resolve("plain"));
        assertEquals("OK 2026-11-26T21:30+0000,current", user.run("list", client.toString()));

        Sh.ok("btrfs", "filesystem", "sync", current.toString());
        Files.writeString(current.resolve("unsynced"), "x");
        long generation = BtrfsProgs.show(current).generation();
        assertEquals("OK", user.run("sync", client.toString()));
        assertTrue(BtrfsProgs.show(current).generation() > generation);
        Files.createDirectory(current.resolve("uncommitted"));
        long synced = BtrfsProgs.show(current).generation();
        assertEquals("OK", user.run("commit", client.toString()));
        assertTrue(BtrfsProgs.show(current).generation() > synced);

        Map.Entry<SpaceUsage, String> read = BtrfsProgs.whileStill(fs.mountPoint(), () -> user.run("space", client.toString()));
        SpaceUsage statFs = read.getKey();
        assertEquals("OK " + statFs.totalBytes() + " " + statFs.freeBytes() + " " + statFs.availableBytes(), read.getValue());

        // the read-only snapshot first: the kernel lets its owner delete it only once it is writable
        assertEquals("OK", user.run("delete", snapshot.toString()));
        assertFalse(Files.exists(snapshot));
        assertFalse(BtrfsProgs.list(fs.mountPoint()).containsKey("owner/client/2026-11-26T21:30+0000"));
        assertEquals("OK", user.run("delete", current.toString()));
        assertFalse(Files.exists(current));
        assertFalse(BtrfsProgs.list(fs.mountPoint()).containsKey("owner/client/current"));
    }

    @Test
    void aStrangersSubvolumesStayUntouched() throws IOException {
        Path mine = ownedDirectory(fs, "stranger/mine");
        Path rootsDir = Files.createDirectories(fs.path("stranger/roots"));
        Btrfs btrfs = new Btrfs();
        Path rootsCurrent = rootsDir.resolve("current");
        btrfs.createSubvolume(rootsCurrent);
        // a root-owned read-only snapshot inside the user's own directory
        Path rootsSnapshot = mine.resolve("roots-snapshot");
        btrfs.snapshot(rootsCurrent, rootsSnapshot, true);

        String denied = user.run("delete", rootsCurrent.toString());
        assertTrue(denied.startsWith("FAIL PERMISSION_DENIED "), denied);
        assertTrue(BtrfsProgs.showSucceeds(rootsCurrent));

        denied = user.run("delete", rootsSnapshot.toString());
        assertTrue(denied.startsWith("FAIL PERMISSION_DENIED "), denied);
        assertTrue(denied.contains("read-only"), denied);
        assertTrue(BtrfsProgs.showSucceeds(rootsSnapshot));
        assertTrue(BtrfsProgs.readOnly(rootsSnapshot));

        denied = user.run("set-ro", rootsCurrent.toString(), "true");
        assertTrue(denied.startsWith("FAIL PERMISSION_DENIED "), denied);
        assertFalse(BtrfsProgs.readOnly(rootsCurrent));

        denied = user.run("snapshot", rootsCurrent.toString(), mine.resolve("copy").toString(), "true");
        assertTrue(denied.startsWith("FAIL PERMISSION_DENIED "), denied);
        assertFalse(Files.exists(mine.resolve("copy")));

        denied = user.run("create", rootsDir.resolve("other").toString());
        assertTrue(denied.startsWith("FAIL PERMISSION_DENIED "), denied);
        assertFalse(Files.exists(rootsDir.resolve("other")));
    }

    @Test
    void aFailedDeleteLeavesTheSnapshotReadOnly() throws IOException {
        Path dir = ownedDirectory(fs, "restore/client");
        Path current = dir.resolve("current");
        Path snapshot = dir.resolve("snapshot");
        assertEquals("OK", user.run("create", current.toString()));
        assertEquals("OK", user.run("snapshot", current.toString(), snapshot.toString(), "true"));
        // the user still owns the snapshot but may no longer remove entries from the directory holding it
        Sh.ok("chown", "0:0", dir.toString());
        Sh.ok("chmod", "755", dir.toString());

        String denied = user.run("delete", snapshot.toString());

        assertTrue(denied.startsWith("FAIL PERMISSION_DENIED "), denied);
        assertTrue(denied.contains("write permission on " + dir), denied);
        assertTrue(BtrfsProgs.showSucceeds(snapshot));
        assertTrue(BtrfsProgs.readOnly(snapshot), "the read-only flag was cleared for the attempt and must be back");
    }

    @Test
    void withoutUserSubvolRmAllowedTheMessageSaysHowToMount() throws IOException {
        Path client = ownedDirectory(fsWithoutUserRm, "client");
        Path current = client.resolve("current");
        Path snapshot = client.resolve("snapshot");
        assertEquals("OK", user.run("create", current.toString()));
        assertEquals("OK", user.run("snapshot", current.toString(), snapshot.toString(), "true"));

        for (Path p : new Path[] {current, snapshot}) {
            String denied = user.run("delete", p.toString());
            assertTrue(denied.startsWith("FAIL PERMISSION_DENIED "), denied);
            assertTrue(denied.contains("mount -o remount,user_subvol_rm_allowed " + fsWithoutUserRm.mountPoint().toRealPath()), denied);
            assertTrue(BtrfsProgs.showSucceeds(p));
        }
        assertTrue(BtrfsProgs.readOnly(snapshot));
        assertFalse(BtrfsProgs.readOnly(current));
    }
}
