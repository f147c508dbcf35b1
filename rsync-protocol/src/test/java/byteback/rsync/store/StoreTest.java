package byteback.rsync.store;

import byteback.rsync.protocol.FileMode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's operations one by one, checked with independent tools (java.nio, getfattr, stat). */
class StoreTest {
    private static final Instant T = Instant.ofEpochSecond(1_234_567_890, 123_456_789);

    private Path root;
    private Store store;
    private final AtomicLong seen = new AtomicLong();

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createTempDirectory("byteback-store-unit-");
        store = Store.open(root, new WriteListener() {
            @Override
            public void written(long bytes) {
                seen.addAndGet(bytes);
            }
        });
    }

    @AfterEach
    void tearDown() throws Exception {
        store.close();
        Shell.run("rm", "-rf", "--one-file-system", root.toString());
    }

    private static StorePath p(String s) throws UnsafePathException {
        return StorePath.parse(s);
    }

    private void writeFile(String name, String content, FileMetadata meta) throws IOException {
        try (FileWriter w = store.beginFile(p(name), false, false)) {
            w.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
            w.commit(meta);
        }
    }

    private List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(x -> x.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void aCommittedFileIsStoredWithItsAttributes() throws Exception {
        writeFile("f", "content", FileMetadata.of(0100644, 0, 0, T));
        Path f = root.resolve("f");
        assertEquals("content", Files.readString(f));
        Map<String, Object> a = Files.readAttributes(f, "unix:mode,uid,lastModifiedTime");
        assertEquals(0100644, a.get("mode"));
        assertEquals(T, ((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toInstant());
        assertEquals(List.of(), TreeDescription.xattrs(f), "0644 root:root needs no %stat");
        assertEquals(7, store.bytesWritten());
        assertEquals(7, seen.get());

        StoredEntry e = store.lookup(p("f"));
        assertEquals(StoredEntry.DiskType.REGULAR, e.diskType());
        assertEquals(0100644, e.mode());
        assertEquals(7, e.size());
        assertEquals(T, e.mtime());
        assertFalse(e.hasStatXattr());
        assertNull(e.symlinkTarget());
    }

    @Test
    void statIsStoredForModesAndOwnersTheDiscCannotHold() throws Exception {
        writeFile("suid", "x", FileMetadata.of(0104755, 0, 0, T));
        writeFile("stranger", "x", FileMetadata.of(0100640, 12345, 54321, T));
        writeFile("nobody-reads", "x", FileMetadata.of(0100000, 0, 0, T));
        assertEquals(List.of("user.rsync.%stat=\"104755 0,0 0:0\""), text(root.resolve("suid")));
        assertEquals(List.of("user.rsync.%stat=\"100640 0,0 12345:54321\""), text(root.resolve("stranger")));
        assertEquals(List.of("user.rsync.%stat=\"100000 0,0 0:0\""), text(root.resolve("nobody-reads")));
        assertEquals(0100755, Files.getAttribute(root.resolve("suid"), "unix:mode"));
        assertEquals(0100600, Files.getAttribute(root.resolve("nobody-reads"), "unix:mode"));

        StoredEntry e = store.lookup(p("stranger"));
        assertEquals(12345, e.uid());
        assertEquals(54321, e.gid());
        assertTrue(e.hasStatXattr());

        // the owner comes back: %stat goes away again
        store.setAttributes(p("stranger"), FileMetadata.of(0100640, 0, 0, null));
        assertEquals(List.of(), text(root.resolve("stranger")));
        assertEquals(0, store.lookup(p("stranger")).uid());
    }

    @Test
    void symlinksAndSpecialsAreRegularFiles() throws Exception {
        store.makeSymlink(p("l"), "../some/target".getBytes(), FileMetadata.of(0120777, 0, 0, T));
        store.makeSpecial(p("c"), FileMetadata.of(020620, 0, 5, T).withDevice(4, 64));
        store.makeSpecial(p("fifo"), FileMetadata.of(010644, 0, 0, T));
        store.makeSpecial(p("sock"), FileMetadata.of(0140755, 0, 0, T));
        assertEquals("../some/target", Files.readString(root.resolve("l")));
        assertEquals(0100777, Files.getAttribute(root.resolve("l"), "unix:mode", LinkOption.NOFOLLOW_LINKS));
        assertEquals(0, Files.size(root.resolve("c")));
        assertEquals(List.of("user.rsync.%stat=\"20620 4,64 0:5\""), text(root.resolve("c")));
        assertEquals(List.of("user.rsync.%stat=\"140755 0,0 0:0\""), text(root.resolve("sock")));

        StoredEntry l = store.lookup(p("l"));
        assertEquals(FileMode.S_IFLNK, l.type());
        assertArrayEquals("../some/target".getBytes(), l.symlinkTarget());
        StoredEntry c = store.lookup(p("c"));
        assertEquals(020620, c.mode());
        assertEquals(4, c.rdevMajor());
        assertEquals(64, c.rdevMinor());
        assertEquals(5, c.gid());
        assertEquals(FileMode.S_IFIFO, store.lookup(p("fifo")).type());
        assertThrows(IllegalArgumentException.class,
                () -> store.makeSymlink(p("x"), new byte[1], FileMetadata.of(0100644, 0, 0, T)));
        assertThrows(IllegalArgumentException.class, () -> store.makeSpecial(p("x"), FileMetadata.of(040755, 0, 0, T)));
        assertEquals(List.of("c", "fifo", "l", "sock"), names(root), "no temp files left");
    }

    @Test
    void xattrsAreMappedAndReadBack() throws Exception {
        List<Xattr> xs = List.of(Xattr.of("user.plain", "1".getBytes()), Xattr.of("trusted.t", "2".getBytes()),
                Xattr.of("security.s", "3".getBytes()), Xattr.of("user.rsync.mine", "4".getBytes()),
                Xattr.of("user.empty", new byte[0]));
        writeFile("f", "x", FileMetadata.of(0100644, 0, 0, T).withXattrs(xs));
        assertEquals(List.of("user.empty=\"\"", "user.plain=\"1\"", "user.rsync.mine=\"4\"", "user.rsync.security.s=\"3\"",
                "user.rsync.trusted.t=\"2\""), text(root.resolve("f")));
        List<String> back = new ArrayList<>();
        for (Xattr x : store.readXattrs(p("f"))) back.add(x.nameString() + "=" + new String(x.value()));
        assertEquals(List.of("security.s=3", "trusted.t=2", "user.empty=", "user.plain=1", "user.rsync.mine=4"), back);

        // a new list replaces the old one; trusted.* on disc is none of the client's business
        Shell.run("setfattr", "-n", "trusted.admin", "-v", "keep", root.resolve("f").toString());
        store.setAttributes(p("f"), FileMetadata.of(0100644, 0, 0, null).withXattrs(List.of(Xattr.of("user.plain", "9".getBytes()))));
        assertEquals(List.of("trusted.admin=\"keep\"", "user.plain=\"9\""), text(root.resolve("f")));
        // null leaves xattrs alone
        store.setAttributes(p("f"), FileMetadata.of(0100600, 0, 0, null));
        assertEquals(List.of("trusted.admin=\"keep\"", "user.plain=\"9\""), text(root.resolve("f")));
    }

    @Test
    void aclsAreStoredInRsyncsByteFormat() throws Exception {
        RsyncAcl access = new RsyncAcl(RsyncAcl.NO_ENTRY, RsyncAcl.NO_ENTRY, 7, RsyncAcl.NO_ENTRY,
                List.of(new RsyncAcl.IdAccess(12345, 7 | RsyncAcl.NAME_IS_USER), new RsyncAcl.IdAccess(54321, 5)));
        RsyncAcl dflt = new RsyncAcl(7, 5, 7, 0, List.of(new RsyncAcl.IdAccess(1, 6 | RsyncAcl.NAME_IS_USER)));
        store.makeDirectory(p("d"), FileMetadata.of(040775, 0, 0, T).withAcls(access, dflt));
        assertEquals(List.of("user.rsync.%aacl=0x8000000080000000070000008000000039300000070000803" + "1d4000005000000",
                "user.rsync.%dacl=0x07000000050000000700000000000000010000000600008" + "0"),
                TreeDescription.xattrs(root.resolve("d")), "0775 root:root needs no %stat");
        RsyncAcl back = store.readAcl(p("d"), false);
        assertEquals(new RsyncAcl(7, 7, 7, 5, access.names()), back, "NO_ENTRY filled in from the mode");
        assertEquals(dflt, store.readAcl(p("d"), true));
        // an unchanged ACL is not rewritten; a default ACL with no user entry removes it
        store.makeDirectory(p("d"), FileMetadata.of(040775, 0, 0, T).withAcls(access, RsyncAcl.EMPTY));
        assertNull(store.readAcl(p("d"), true));
        assertEquals(back, store.readAcl(p("d"), false));
    }

    @Test
    void abortLeavesNoTempFileAndTheOldFileIntact() throws Exception {
        writeFile("f", "old", FileMetadata.of(0100644, 0, 0, T));
        FileWriter w = store.beginFile(p("f"), false, false);
        w.write("new content".getBytes(), 0, 11);
        List<String> during = names(root);
        assertEquals(2, during.size());
        String temp = during.stream().filter(n -> !n.equals("f")).findFirst().orElseThrow();
        assertTrue(temp.matches("\\.f\\.[A-Za-z0-9]{6}"), temp);
        w.abort();
        w.abort();
        assertEquals(List.of("f"), names(root));
        assertEquals("old", Files.readString(root.resolve("f")));

        try (FileWriter w2 = store.beginFile(p("f"), false, false)) {
            w2.write("never committed".getBytes(), 0, 5);
        }
        assertEquals(List.of("f"), names(root), "close without commit aborts");
        assertThrows(IOException.class, () -> w.write(new byte[1], 0, 1));
    }

    @Test
    void aListenerCanStopAWrite() throws Exception {
        try (Store guarded = Store.open(root, new WriteListener() {
            @Override
            public void beforeWrite(long bytes) throws IOException {
                throw new IOException("backup too large");
            }
        })) {
            FileWriter w = guarded.beginFile(p("big"), false, false);
            IOException e = assertThrows(IOException.class, () -> w.write(new byte[10], 0, 10));
            assertEquals("backup too large", e.getMessage());
            w.abort();
            assertEquals(0, guarded.bytesWritten());
        }
        assertEquals(List.of(), names(root));
    }

    @Test
    void inPlaceWritesOverTheOldContentAndTruncates() throws Exception {
        writeFile("f", "0123456789abcdef", FileMetadata.of(0100644, 0, 0, T));
        long inode = (Long) Files.getAttribute(root.resolve("f"), "unix:ino");
        try (FileWriter w = store.beginFile(p("f"), true, false)) {
            w.skip(4);
            w.write("XY".getBytes(), 0, 2);
            w.skip(4);
            assertEquals(10, w.position());
            w.commit(FileMetadata.of(0100644, 0, 0, T));
        }
        assertEquals("0123XY6789", Files.readString(root.resolve("f")));
        assertEquals(inode, Files.getAttribute(root.resolve("f"), "unix:ino"), "the same file");
        assertEquals(List.of("f"), names(root));
    }

    @Test
    void sparseWritesLeaveHoles() throws Exception {
        byte[] zeros = new byte[1 << 20];
        try (FileWriter w = store.beginFile(p("sparse"), false, true)) {
            w.write(zeros, 0, zeros.length);
            w.write("end".getBytes(), 0, 3);
            w.write(zeros, 0, 4096);
            w.commit(FileMetadata.of(0100644, 0, 0, T));
        }
        Path f = root.resolve("sparse");
        assertEquals(zeros.length + 3 + 4096, Files.size(f));
        long blocks = Long.parseLong(Shell.run("stat", "-c", "%b", f.toString()).trim());
        assertTrue(blocks < 64, "mostly holes: " + blocks + " blocks");
        byte[] all = Files.readAllBytes(f);
        assertEquals('e', all[zeros.length]);
        assertEquals(3, store.bytesWritten());
    }

    @Test
    void sparseInPlaceZerosOverOldContentReadAsZeros() throws Exception {
        byte[] old = new byte[200_000];
        java.util.Arrays.fill(old, (byte) 'x');
        try (FileWriter w = store.beginFile(p("f"), false, false)) {
            w.write(old, 0, old.length);
            w.commit(FileMetadata.of(0100644, 0, 0, T));
        }
        byte[] now = new byte[150_000];
        now[0] = 'a';
        now[100_000] = 'b';
        try (FileWriter w = store.beginFile(p("f"), true, true)) {
            w.skip(0);
            w.write(now, 0, 50_000);
            w.write(now, 50_000, 100_000);
            w.commit(FileMetadata.of(0100644, 0, 0, T));
        }
        assertArrayEquals(now, Files.readAllBytes(root.resolve("f")));
        assertEquals(List.of("f"), names(root));
    }

    @Test
    void basisFilesReadPositionally() throws Exception {
        writeFile("f", "0123456789", FileMetadata.of(0100644, 0, 0, T));
        try (BasisFile b = store.openBasis(p("f"))) {
            assertEquals(10, b.size());
            byte[] buf = new byte[4];
            b.readFully(3, buf, 0, 4);
            assertEquals("3456", new String(buf));
            ByteBuffer bb = ByteBuffer.allocate(20);
            assertEquals(2, b.read(8, bb));
            assertEquals(0, b.read(10, bb));
            assertThrows(EOFException.class, () -> b.readFully(8, new byte[4], 0, 4));
        }
        assertNull(store.openBasis(p("missing")));
        store.makeDirectory(p("d"), FileMetadata.of(040755, 0, 0, null));
        assertNull(store.openBasis(p("d")));
    }

    @Test
    void directoriesHardLinksListingAndDeletion() throws Exception {
        assertTrue(store.makeDirectory(p("d"), FileMetadata.of(041777, 0, 0, T)));
        assertFalse(store.makeDirectory(p("d"), FileMetadata.of(041777, 0, 0, T)));
        assertEquals(040777, Files.getAttribute(root.resolve("d"), "unix:mode"));
        assertEquals(List.of("user.rsync.%stat=\"41777 0,0 0:0\""), text(root.resolve("d")));
        assertThrows(NoSuchFileException.class, () -> store.makeDirectory(p("missing/d"), FileMetadata.of(040755, 0, 0, T)));
        writeFile("d/a", "a", FileMetadata.of(0100644, 0, 0, T));
        writeFile("d/b", "b", FileMetadata.of(0100644, 0, 0, T));
        store.makeHardLink(p("d/b"), p("d/a"));
        store.makeHardLink(p("d/b"), p("d/a"));
        store.makeHardLink(p("c"), p("d/a"));
        assertEquals(3L, ((Number) Files.getAttribute(root.resolve("d/a"), "unix:nlink")).longValue());
        assertEquals("a", Files.readString(root.resolve("d/b")));
        assertEquals(new TreeSet<>(List.of("a", "b")), new TreeSet<>(store.list(p("d")).stream().map(String::new).toList()));

        // a file replaces a directory tree, a directory replaces a file
        store.makeDirectory(p("d/a2"), FileMetadata.of(040755, 0, 0, null));
        writeFile("d/a2/deep", "x", FileMetadata.of(0100644, 0, 0, T));
        writeFile("d/a2", "now a file", FileMetadata.of(0100644, 0, 0, T));
        assertEquals("now a file", Files.readString(root.resolve("d/a2")));
        assertTrue(store.makeDirectory(p("c"), FileMetadata.of(040755, 0, 0, null)));
        assertEquals(StoredEntry.DiskType.DIRECTORY, store.lookup(p("c")).diskType());

        store.setMtime(p("d"), T);
        assertEquals(T, store.lookup(p("d")).mtime());
        store.delete(p("d"));
        store.delete(p("d"));
        assertThrows(IllegalArgumentException.class, () -> store.delete(StorePath.ROOT));
        assertEquals(List.of("c"), names(root));
        assertNull(store.lookup(p("d/a")));
    }

    @Test
    void aDirectoryReplacedMeanwhileIsNeverWrittenThroughAnOldDescriptor() throws Exception {
        store.makeDirectory(p("d"), FileMetadata.of(040755, 0, 0, null));
        writeFile("d/a", "a", FileMetadata.of(0100644, 0, 0, T)); // this thread now knows d
        Thread other = new Thread(() -> {
            try {
                store.delete(p("d"));
                store.makeDirectory(p("d"), FileMetadata.of(040700, 0, 0, null));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        other.start();
        other.join();
        writeFile("d/b", "b", FileMetadata.of(0100644, 0, 0, T));
        assertEquals(List.of("b"), names(root.resolve("d")));
        assertEquals(List.of("b"), store.list(p("d")).stream().map(String::new).toList());

        // the same from this thread, and a file replacing the directory
        store.delete(p("d"));
        writeFile("d", "now a file", FileMetadata.of(0100644, 0, 0, T));
        assertThrows(java.nio.file.NotDirectoryException.class, () -> store.beginFile(p("d/c"), false, false));
        assertEquals(List.of("d"), names(root));
    }

    @Test
    void theRootTakesAttributesToo() throws Exception {
        assertFalse(store.makeDirectory(StorePath.ROOT, FileMetadata.of(040755, 1000, 1000, T)));
        assertEquals(List.of("user.rsync.%stat=\"40755 0,0 1000:1000\""), text(root));
        assertEquals(1000, store.lookup(StorePath.ROOT).uid());
    }

    @Test
    void mtimesInTheSameSecondAreLeftAsRsyncLeavesThem() throws Exception {
        writeFile("f", "x", FileMetadata.of(0100644, 0, 0, T));
        Instant sameSecond = T.plusNanos(5);
        store.setAttributes(p("f"), FileMetadata.of(0100644, 0, 0, sameSecond));
        assertEquals(T, store.lookup(p("f")).mtime());
        store.setAttributes(p("f"), FileMetadata.of(0100644, 0, 0, sameSecond), true);
        assertEquals(sameSecond, store.lookup(p("f")).mtime());
        Instant before1970 = Instant.ofEpochSecond(-1_000_000_000L, 500_000_000);
        store.setAttributes(p("f"), FileMetadata.of(0100644, 0, 0, before1970));
        assertEquals(before1970, store.lookup(p("f")).mtime());
        assertNotEquals(T, store.lookup(p("f")).mtime());
    }

    @Test
    void writersInSeveralThreadsAtOnce() throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(new Thread(() -> {
                try {
                    store.makeDirectory(p("t" + id), FileMetadata.of(040755, 0, 0, null));
                    for (int i = 0; i < 50; i++) writeFile("t" + id + "/f" + i, "thread " + id + " file " + i, FileMetadata.of(0100644, 0, 0, T));
                } catch (Throwable e) {
                    errors.add(e);
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) t.join();
        assertEquals(List.of(), errors);
        for (int t = 0; t < 4; t++) {
            assertEquals(50, names(root.resolve("t" + t)).size());
            assertEquals("thread " + t + " file 7", Files.readString(root.resolve("t" + t + "/f7")));
        }
    }

    /** getfattr's text form, sorted. */
    private static List<String> text(Path p) throws Exception {
        String o = Shell.run("getfattr", "-h", "-d", "-m", "-", "--absolute-names", "--", p.toString());
        List<String> out = new ArrayList<>();
        for (String line : o.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) out.add(line);
        }
        out.sort(null);
        return out;
    }
}
