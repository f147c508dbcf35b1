package byteback.rsync.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * SPEC section 9: a store never follows a symlink it finds, whatever names and races it meets;
 * nothing outside the root is read or written.
 */
class StoreHostileTest {
    private static final FileMetadata FILE = FileMetadata.of(0100644, 0, 0, Instant.ofEpochSecond(1_000_000_000));
    private static final FileMetadata DIR = FileMetadata.of(040755, 0, 0, null);

    private Path base;
    private Path root;
    private Path outside;
    private Map<String, String> outsideBefore;
    private Store store;

    @BeforeEach
    void setUp() throws Exception {
        base = Files.createTempDirectory("byteback-store-hostile-");
        root = Files.createDirectory(base.resolve("store"));
        outside = Files.createDirectory(base.resolve("outside"));
        Files.writeString(outside.resolve("x"), "precious");
        Files.createDirectory(outside.resolve("sub"));
        Files.writeString(outside.resolve("sub/y"), "also precious");
        Shell.run("chmod", "0640", outside.resolve("x").toString());
        outsideBefore = TreeDescription.describe(outside);
        store = Store.open(root);
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
        Shell.run("rm", "-rf", "--one-file-system", base.toString());
    }

    private void assertOutsideUntouched() throws Exception {
        assertEquals(outsideBefore, TreeDescription.describe(outside), "nothing outside the store changed");
    }

    private static StorePath p(String s) throws UnsafePathException {
        return StorePath.parse(s);
    }

    private void plant(String name, Path target) throws IOException {
        Files.createSymbolicLink(root.resolve(name), target);
    }

    @Test
    void neverDescendsThroughAPlantedSymlink() throws Exception {
        plant("a", outside);
        assertThrows(NotDirectoryException.class, () -> store.beginFile(p("a/x"), false, false));
        assertThrows(NotDirectoryException.class, () -> store.beginFile(p("a/x"), true, false));
        assertThrows(NotDirectoryException.class, () -> store.beginFile(p("a/new"), false, false));
        assertThrows(NotDirectoryException.class, () -> store.makeDirectory(p("a/sub/z"), DIR));
        assertThrows(NotDirectoryException.class, () -> store.makeDirectory(p("a/new"), DIR));
        assertThrows(NotDirectoryException.class, () -> store.makeSymlink(p("a/s"), "t".getBytes(), FileMetadata.of(0120777, 0, 0, null)));
        assertThrows(NotDirectoryException.class, () -> store.makeSpecial(p("a/f"), FileMetadata.of(010644, 0, 0, null)));
        assertThrows(NotDirectoryException.class, () -> store.setAttributes(p("a/x"), FILE));
        assertThrows(NotDirectoryException.class, () -> store.setMtime(p("a/x"), Instant.EPOCH));
        assertThrows(NotDirectoryException.class, () -> store.list(p("a")));
        assertThrows(NotDirectoryException.class, () -> store.list(p("a/sub")));
        assertThrows(NotDirectoryException.class, () -> store.makeHardLink(p("h"), p("a/x")));
        assertNull(store.lookup(p("a/x")));
        assertNull(store.openBasis(p("a/x")));
        assertNull(store.readAcl(p("a/x"), false));
        assertEquals(List.of(), store.readXattrs(p("a/x")));
        store.delete(p("a/x"));
        store.delete(p("a/sub"));
        assertOutsideUntouched();
    }

    @Test
    void aPlantedSymlinkIsAnEntryToReplaceNeverAPathToFollow() throws Exception {
        plant("a", outside);
        plant("f", outside.resolve("x"));
        StoredEntry a = store.lookup(p("a"));
        assertEquals(StoredEntry.DiskType.SYMLINK, a.diskType());
        assertArrayEquals(new byte[0], a.symlinkTarget(), "a real symlink never matches a target");
        assertNull(store.openBasis(p("f")), "a symlink to a file is not a basis file");
        assertEquals(List.of(), store.readXattrs(p("f")));
        assertThrows(IOException.class, () -> store.setAttributes(p("f"), FILE));
        assertThrows(IOException.class, () -> store.makeHardLink(p("h"), p("f")));

        // in place: the symlink is replaced by a new file, the target is never opened
        try (FileWriter w = store.beginFile(p("f"), true, false)) {
            w.write("mine".getBytes(), 0, 4);
            w.commit(FILE);
        }
        assertTrue(Files.isRegularFile(root.resolve("f"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("mine", Files.readString(root.resolve("f")));

        // a directory replaces the symlink
        assertTrue(store.makeDirectory(p("a"), DIR));
        assertTrue(Files.isDirectory(root.resolve("a"), LinkOption.NOFOLLOW_LINKS));
        assertEquals(List.of(), store.list(p("a")));

        // a file renamed over a symlink, a symlink-as-file, a special
        plant("b", outside);
        plant("c", outside.resolve("x"));
        plant("d", outside.resolve("sub"));
        try (FileWriter w = store.beginFile(p("b"), false, false)) {
            w.write("b".getBytes(), 0, 1);
            w.commit(FILE);
        }
        store.makeSymlink(p("c"), "target".getBytes(), FileMetadata.of(0120777, 0, 0, null));
        store.makeSpecial(p("d"), FileMetadata.of(020600, 0, 0, null).withDevice(1, 3));
        for (String n : new String[] {"b", "c", "d"}) {
            assertTrue(Files.isRegularFile(root.resolve(n), LinkOption.NOFOLLOW_LINKS), n);
        }
        assertOutsideUntouched();
    }

    @Test
    void deletingNeverFollowsSymlinks() throws Exception {
        plant("a", outside);
        Files.createDirectories(root.resolve("d/e"));
        Files.createSymbolicLink(root.resolve("d/e/link"), outside);
        Files.createSymbolicLink(root.resolve("d/filelink"), outside.resolve("x"));
        store.delete(p("a"));
        store.delete(p("d"));
        assertFalse(Files.exists(root.resolve("a"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(root.resolve("d"), LinkOption.NOFOLLOW_LINKS));
        assertOutsideUntouched();
    }

    @Test
    void aSymlinkDeeperDownIsNotFollowedEither() throws Exception {
        Files.createDirectories(root.resolve("d/e"));
        Files.createSymbolicLink(root.resolve("d/e/f"), outside);
        assertThrows(NotDirectoryException.class, () -> store.beginFile(p("d/e/f/x"), false, false));
        assertThrows(NotDirectoryException.class, () -> store.beginFile(p("d/e/f/sub/y"), true, false));
        assertThrows(NotDirectoryException.class, () -> store.makeDirectory(p("d/e/f/sub"), DIR));
        assertNull(store.lookup(p("d/e/f/x")));
        assertOutsideUntouched();
    }

    @Test
    void aPlantedFifoOrDeviceIsNeverOpened() throws Exception {
        Shell.run("mkfifo", root.resolve("fifo").toString());
        Shell.run("mknod", root.resolve("null").toString(), "c", "1", "3");
        assertEquals(StoredEntry.DiskType.OTHER, store.lookup(p("fifo")).diskType()); // would block if opened
        assertEquals(StoredEntry.DiskType.OTHER, store.lookup(p("null")).diskType());
        assertNull(store.openBasis(p("fifo")));
        assertEquals(List.of(), store.readXattrs(p("fifo")));
        try (FileWriter w = store.beginFile(p("fifo"), true, false)) {
            w.write("data".getBytes(), 0, 4);
            w.commit(FILE);
        }
        assertTrue(Files.isRegularFile(root.resolve("fifo"), LinkOption.NOFOLLOW_LINKS));
        store.delete(p("null"));
        assertFalse(Files.exists(root.resolve("null"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void hostileNamesNeverReachTheStore() {
        for (String bad : new String[] {"../outside/x", "/etc/passwd", "a/../../outside", "..", "a\0b",
                "a//b", "x".repeat(256)}) {
            assertThrows(UnsafePathException.class, () -> StorePath.parse(bad), bad);
        }
    }

    @Test
    void aClientCannotForgeTheStatOrAclXattrs() throws Exception {
        List<Xattr> forged = List.of(Xattr.of("user.rsync.%stat", "100644 0,0 0:0".getBytes()),
                Xattr.of("user.rsync.%aacl", new byte[16]), Xattr.of("user.rsync.%dacl", new byte[16]),
                Xattr.of("user.ok", "fine".getBytes()));
        try (FileWriter w = store.beginFile(p("f"), false, false)) {
            w.commit(new FileMetadata(0104755, 12345, 54321, 0, 0, null, forged, null, null));
        }
        List<String> attrs = TreeDescription.xattrs(root.resolve("f"));
        assertEquals(List.of("user.ok=0x66696e65",
                "user.rsync.%stat=0x" + hex("104755 0,0 12345:54321")), attrs);
    }

    @Test
    void racingADirectoryIntoASymlinkNeverLeadsOutside() throws Exception {
        Path real = Files.createDirectory(root.resolve("d"));
        Path parked = root.resolve("d.parked");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger flips = new AtomicInteger();
        Thread flipper = new Thread(() -> {
            try {
                while (!stop.get()) {
                    Files.move(real, parked);
                    Files.createSymbolicLink(real, outside);
                    Thread.onSpinWait();
                    Files.delete(real);
                    Files.move(parked, real);
                    flips.incrementAndGet();
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        flipper.start();
        int written = 0, refused = 0;
        try {
            // under load the flipper may sleep through many of our attempts: keep on until it flipped often
            for (int i = 0; i < 700 || (flips.get() < 300 || written == 0) && i < 20_000; i++) {
                try (FileWriter w = store.beginFile(p("d/f" + i), i % 2 == 0, false)) {
                    w.write("x".getBytes(), 0, 1);
                    w.commit(FILE);
                    written++;
                } catch (IOException e) {
                    refused++;
                }
                try {
                    store.makeDirectory(p("d/dir" + i), DIR);
                } catch (IOException e) {
                    refused++;
                }
            }
        } finally {
            stop.set(true);
            flipper.join();
        }
        assertTrue(written > 0, "some writes got through: " + written + " written, " + refused + " refused");
        assertOutsideUntouched();
    }

    private static String hex(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.US_ASCII)) sb.append(String.format("%02x", b));
        return sb.toString();
    }
}
