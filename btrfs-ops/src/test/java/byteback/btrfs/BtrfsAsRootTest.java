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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every operation as root on a real loop-mounted btrfs, checked with btrfs-progs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BtrfsAsRootTest {

    private LoopBtrfs fs;
    private final Btrfs btrfs = new Btrfs();

    @BeforeAll
    void mount() throws IOException {
        fs = LoopBtrfs.create("256M", true);
    }

    @AfterAll
    void unmount() throws IOException {
        if (fs != null) {
            fs.close();
        }
    }

    @Test
    void createsASubvolume() throws IOException {
        Path current = fs.path("create/current");
        Files.createDirectories(current.getParent());
        btrfs.createSubvolume(current);

        assertTrue(BtrfsProgs.showSucceeds(current));
        assertFalse(BtrfsProgs.readOnly(current));
        assertTrue(BtrfsProgs.list(fs.mountPoint()).containsKey("create/current"));
        assertTrue(btrfs.isSubvolume(current));
        assertFalse(btrfs.isSubvolume(current.getParent()));
    }

    @Test
    void snapshotsReadOnlyInOneStep() throws IOException {
        Path current = fs.path("snap/current");
        Files.createDirectories(current.getParent());
        btrfs.createSubvolume(current);
        Files.writeString(current.resolve("file"), "hello");
        Path snapshot = fs.path("snap/2026-11-26T21:30+0000");

        btrfs.snapshot(current, snapshot, true);

        assertTrue(BtrfsProgs.readOnly(snapshot));
        BtrfsProgs.Shown shown = BtrfsProgs.show(snapshot);
        assertEquals(BtrfsProgs.show(current).uuid(), shown.parentUuid());
        assertTrue(shown.readOnly());
        assertEquals("hello", Files.readString(snapshot.resolve("file")));
        assertTrue(btrfs.isReadOnly(snapshot));
        assertFalse(btrfs.isReadOnly(current));
    }

    @Test
    void snapshotsWritable() throws IOException {
        Path current = fs.path("snapw/current");
        Files.createDirectories(current.getParent());
        btrfs.createSubvolume(current);
        Path copy = fs.path("snapw/copy");

        btrfs.snapshot(current, copy, false);

        assertFalse(BtrfsProgs.readOnly(copy));
        assertEquals(BtrfsProgs.show(current).uuid(), BtrfsProgs.show(copy).parentUuid());
        Files.writeString(copy.resolve("new"), "x");
    }

    @Test
    void deletesWritableAndReadOnlySubvolumes() throws IOException {
        Path current = fs.path("del/current");
        Files.createDirectories(current.getParent());
        btrfs.createSubvolume(current);
        Files.writeString(current.resolve("data"), "x".repeat(10_000));
        Path snapshot = fs.path("del/snapshot");
        btrfs.snapshot(current, snapshot, true);

        btrfs.deleteSubvolume(snapshot);
        assertFalse(Files.exists(snapshot));
        assertFalse(BtrfsProgs.list(fs.mountPoint()).containsKey("del/snapshot"));

        btrfs.deleteSubvolume(current);
        assertFalse(Files.exists(current));
        assertFalse(BtrfsProgs.list(fs.mountPoint()).containsKey("del/current"));
    }

    @Test
    void readsAndSetsTheReadOnlyFlag() throws IOException {
        Path sub = fs.path("ro-flag");
        btrfs.createSubvolume(sub);

        btrfs.setReadOnly(sub, true);
        assertTrue(BtrfsProgs.readOnly(sub));
        assertTrue(btrfs.isReadOnly(sub));
        btrfs.setReadOnly(sub, true); // idempotent
        assertTrue(BtrfsProgs.readOnly(sub));

        btrfs.setReadOnly(sub, false);
        assertFalse(BtrfsProgs.readOnly(sub));
        assertFalse(btrfs.isReadOnly(sub));
    }

    @Test
    void infoMatchesBtrfsSubvolumeShow() throws IOException {
        Path current = fs.path("info-current");
        btrfs.createSubvolume(current);
        Path snapshot = fs.path("info-snapshot");
        btrfs.snapshot(current, snapshot, true);

        for (Path p : List.of(current, snapshot)) {
            SubvolumeInfo info = btrfs.info(p);
            BtrfsProgs.Shown shown = BtrfsProgs.show(p);
            assertEquals(shown.id(), info.id(), p.toString());
            assertEquals(shown.uuid(), info.uuid().toString(), p.toString());
            assertEquals(shown.parentUuid(), info.parentUuid() == null ? null : info.parentUuid().toString());
            assertEquals(shown.generation(), info.generation(), p.toString());
            assertEquals(shown.created(), info.created().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
            assertEquals(shown.readOnly(), info.readOnly(), p.toString());
            assertEquals(BtrfsProgs.list(fs.mountPoint()).get(p.getFileName().toString()), info.id());
        }
        assertNull(btrfs.info(current).parentUuid());
        assertFalse(btrfs.info(current).isSnapshot());
        assertTrue(btrfs.info(snapshot).isSnapshot());
        assertTrue(Duration.between(btrfs.info(current).created(), Instant.now()).abs().toMinutes() < 10);
        SubvolumeInfo top = btrfs.info(fs.mountPoint());
        assertEquals(5, top.id());
    }

    @Test
    void listsSubvolumesDirectlyInsideADirectory() throws IOException {
        Path client = fs.path("list/client");
        Files.createDirectories(client);
        btrfs.createSubvolume(client.resolve("current"));
        btrfs.snapshot(client.resolve("current"), client.resolve("2026-11-25T10:00+0000"), true);
        btrfs.snapshot(client.resolve("current"), client.resolve("2026-11-26T10:00+0000"), true);
        Files.createDirectory(client.resolve("plain-directory"));
        Files.writeString(client.resolve("plain-file"), "x");
        Files.createSymbolicLink(client.resolve("link-to-current"), client.resolve("current"));
        btrfs.createSubvolume(client.resolve("current/nested")); // deeper: not listed

        List<Path> listed = btrfs.listSubvolumes(client);

        assertEquals(List.of(client.resolve("2026-11-25T10:00+0000"), client.resolve("2026-11-26T10:00+0000"),
                client.resolve("current")), listed);
        Map<String, Long> progs = BtrfsProgs.list(fs.mountPoint());
        for (Path p : listed) {
            assertTrue(progs.containsKey("list/client/" + p.getFileName()), p.toString());
        }
        assertTrue(progs.containsKey("list/client/current/nested"));
        assertEquals(List.of(), btrfs.listSubvolumes(client.resolve("plain-directory")));
    }

    @Test
    void commitCommitsTheRunningTransaction() throws IOException {
        Path sub = fs.path("commit-sub");
        btrfs.createSubvolume(sub);
        Sh.ok("btrfs", "filesystem", "sync", sub.toString());
        long generation = btrfs.info(sub).generation();
        for (int i = 0; i < 100; i++) {
            Files.createDirectory(sub.resolve("d" + i));
        }
        long started = btrfs.startCommit(sub);
        assertTrue(started > generation, generation + " -> transaction " + started);
        Files.createDirectory(sub.resolve("more"));
        btrfs.commit(sub.resolve("more"));
        long committed = btrfs.info(sub).generation();
        assertTrue(committed > started, "transaction " + started + " -> generation " + committed);
        assertEquals(BtrfsProgs.show(sub).generation(), committed);
        btrfs.deleteSubvolume(sub);
    }

    @Test
    void syncCommitsAndDeletedSpaceComesBack() throws IOException, InterruptedException {
        Path sub = fs.path("sync-sub");
        btrfs.createSubvolume(sub);
        Sh.ok("btrfs", "filesystem", "sync", sub.toString()); // the creation's transaction is behind us
        long generation = btrfs.info(sub).generation();
        Files.write(sub.resolve("data"), new java.util.Random(7).ints(8 << 20, 0, 256)
                .collect(java.io.ByteArrayOutputStream::new, (o, i) -> o.write(i), (a, b) -> { }).toByteArray());

        btrfs.sync(sub.resolve("data"));

        long committed = btrfs.info(sub).generation();
        assertTrue(committed > generation, generation + " -> " + committed);
        assertEquals(BtrfsProgs.show(sub).generation(), committed);

        long before = btrfs.space(fs.mountPoint()).availableBytes();
        btrfs.deleteSubvolume(sub);
        // the cleaner frees the extents in the background; sync commits and wakes it (bounded wait)
        long after = before;
        for (int i = 0; i < 600 && after < before + (6 << 20); i++) {
            btrfs.sync(fs.mountPoint());
            after = btrfs.space(fs.mountPoint()).availableBytes();
            if (after < before + (6 << 20)) {
                Thread.sleep(100);
            }
        }
        assertTrue(after >= before + (6 << 20), "available before delete " + before + ", after " + after);
    }

    @Test
    void reportsTheFilesystemsSpaceAsStatfsDoes() throws IOException {
        Map.Entry<SpaceUsage, SpaceUsage> read = BtrfsProgs.whileStill(fs.mountPoint(), () -> btrfs.space(fs.mountPoint()));
        SpaceUsage space = read.getValue();
        assertEquals(read.getKey(), space);
        assertTrue(space.totalBytes() > 100L << 20 && space.totalBytes() <= 256L << 20, space.toString());
        assertTrue(space.availableBytes() <= space.freeBytes() && space.freeBytes() <= space.totalBytes());
        assertTrue(btrfs.isBtrfs(fs.mountPoint()));
    }
}
