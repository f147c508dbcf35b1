package byteback.rsync.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The store charges every entry and xattr it writes to its listener (the size guard's count of
 * metadata), before the entry is made, and only what it really writes: an unchanged entry
 * costs nothing.
 */
class MetadataChargeTest {
    private static final Instant T = Instant.ofEpochSecond(1_234_567_890);

    private Path root;
    private final AtomicLong charged = new AtomicLong();
    private final AtomicLong data = new AtomicLong();
    private final AtomicLong changes = new AtomicLong();
    private long limit = Long.MAX_VALUE;
    private Store store;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createTempDirectory("byteback-metadata-charge-");
        store = Store.open(root, new WriteListener() {
            @Override
            public void written(long bytes) {
                data.addAndGet(bytes);
            }

            @Override
            public void metadata(long bytes) throws IOException {
                if (charged.get() + bytes > limit) throw new IOException("metadata over the limit");
                charged.addAndGet(bytes);
            }

            @Override
            public void changed() {
                changes.incrementAndGet();
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

    private void emptyFile(String name, FileMetadata meta) throws IOException {
        try (FileWriter w = store.beginFile(p(name), false, false)) {
            w.commit(meta);
        }
    }

    @Test
    void emptyFilesDirectoriesLinksAndSymlinksEachCostAnEntry() throws Exception {
        FileMetadata file = FileMetadata.of(0100644, 0, 0, T);
        for (int i = 0; i < 10; i++) emptyFile("f" + i, file);
        assertEquals(10 * MetadataCost.entry(2), charged.get());
        assertEquals(0, data.get(), "no file data at all");

        charged.set(0);
        for (int i = 0; i < 10; i++) assertTrue(store.makeDirectory(p("d" + i), FileMetadata.of(040755, 0, 0, T)));
        assertEquals(10 * MetadataCost.entry(2), charged.get());

        charged.set(0);
        store.makeHardLink(p("h0"), p("f0"));
        assertEquals(MetadataCost.entry(2), charged.get());

        charged.set(0);
        store.makeSymlink(p("s0"), "target".getBytes(), FileMetadata.of(0120777, 0, 0, T));
        assertTrue(charged.get() >= MetadataCost.entry(2), "a symlink is a file in fake-super form: " + charged);
    }

    @Test
    void xattrsCostTheirNamesAndValuesWhenTheyAreWrittenOnly() throws Exception {
        byte[] value = new byte[1000];
        FileMetadata withXattr = FileMetadata.of(0100644, 0, 0, T).withXattrs(List.of(Xattr.of("user.big", value)));
        emptyFile("f", withXattr);
        long stored = "user.big".length(); // the client's user.* names are stored as they are
        assertEquals(MetadataCost.entry(1) + MetadataCost.xattr((int) stored, value.length), charged.get());

        charged.set(0);
        store.setAttributes(p("f"), withXattr);
        assertEquals(0, charged.get(), "unchanged: nothing written, nothing charged");

        byte[] other = new byte[2000];
        store.setAttributes(p("f"), FileMetadata.of(0100644, 0, 0, T).withXattrs(List.of(Xattr.of("user.big", other))));
        assertEquals(MetadataCost.xattr((int) stored, other.length), charged.get(), "a changed xattr is charged");

        charged.set(0);
        store.makeDirectory(p("d"), FileMetadata.of(040755, 0, 0, T));
        store.makeDirectory(p("d"), FileMetadata.of(040755, 0, 0, T).withXattrs(List.of(Xattr.of("user.x", value))));
        assertEquals(MetadataCost.entry(1) + MetadataCost.xattr(6, value.length), charged.get(),
                "an existing directory costs no new entry, its new xattr does");
    }

    @Test
    void aListenerThatRefusesMetadataStopsTheEntryBeforeItIsMade() throws Exception {
        emptyFile("f", FileMetadata.of(0100644, 0, 0, T));
        limit = charged.get();
        assertThrows(IOException.class, () -> store.makeDirectory(p("d"), FileMetadata.of(040755, 0, 0, T)));
        assertThrows(IOException.class, () -> store.beginFile(p("g"), false, false));
        assertThrows(IOException.class, () -> store.beginFile(p("i"), true, false));
        assertThrows(IOException.class, () -> store.makeHardLink(p("h"), p("f")));
        assertThrows(IOException.class, () -> store.makeSymlink(p("s"), "t".getBytes(), FileMetadata.of(0120777, 0, 0, T)));
        try (var list = Files.list(root)) {
            assertEquals(List.of("f", "i"), list.map(x -> x.getFileName().toString()).sorted().toList(),
                    "nothing made but the in-place file created as it was refused (empty), no temp file left");
        }
        assertEquals(0, Files.size(root.resolve("i")));
    }

    @Test
    void changesToExistingEntriesAreToldButNotCharged() throws Exception {
        emptyFile("f", FileMetadata.of(0100644, 0, 0, T));
        store.makeDirectory(p("d"), FileMetadata.of(040755, 0, 0, T));
        assertEquals(0, changes.get(), "new entries are charged, not told as changes");
        long before = charged.get();

        store.setAttributes(p("f"), FileMetadata.of(0100644, 0, 0, T.plusSeconds(60)));
        store.makeDirectory(p("d"), FileMetadata.of(040755, 0, 0, T.plusSeconds(60)));
        store.setMtime(p("d"), T.plusSeconds(120));
        assertEquals(3, changes.get(), "attributes set, an existing directory made again, a time set");
        assertEquals(before, charged.get(), "no estimate for a change: only a measuring listener sees what it costs");
    }

    @Test
    void theEstimateGrowsWithTheNames() {
        assertTrue(MetadataCost.entry(255) > MetadataCost.entry(1));
        assertTrue(MetadataCost.entry(0) >= 725, "at least what btrfs uses for an empty file (DUP metadata)");
        assertEquals(MetadataCost.XATTR + 2 * (10 + 100), MetadataCost.xattr(10, 100));
    }
}
