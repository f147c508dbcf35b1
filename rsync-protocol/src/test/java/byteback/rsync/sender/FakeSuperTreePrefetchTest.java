package byteback.rsync.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.store.BasisFile;
import byteback.rsync.store.RsyncAcl;
import byteback.rsync.store.StorePath;
import byteback.rsync.store.StoreReader;
import byteback.rsync.store.StoredEntry;
import byteback.rsync.store.Xattr;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FakeSuperTree#prefetch}: the entries read ahead (half of them on a helper thread) are
 * the ones {@link FakeSuperTree#stat} would read, missing ones stay missing, an error comes out
 * of the stat of its own path, and the file list built with read-ahead is the one built without.
 */
class FakeSuperTreePrefetchTest {
    @TempDir
    Path dir;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicInteger helped = new AtomicInteger();
    private final Set<String> helperThreads = ConcurrentHashMap.newKeySet();
    private final Executor helper = r -> {
        helped.incrementAndGet();
        pool.execute(r);
    };

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private List<StorePath> makeFiles(int n) throws Exception {
        List<StorePath> paths = new ArrayList<>();
        Files.createDirectories(dir.resolve("d"));
        for (int i = 0; i < n; i++) {
            String name = String.format("f%04d", i);
            Path f = dir.resolve("d").resolve(name);
            if (i % 7 == 3) {
                Files.createDirectory(f);
            } else {
                Files.write(f, new byte[i]);
            }
            paths.add(StorePath.parse("d/" + name));
        }
        return paths;
    }

    @Test
    void readAheadEntriesEqualWhatStatReadsItself() throws Exception {
        List<StorePath> paths = makeFiles(300);
        paths.add(3, StorePath.parse("d/missing"));
        List<SourceEntry> plain = new ArrayList<>();
        try (FakeSuperTree t = FakeSuperTree.open(dir)) {
            for (StorePath p : paths) plain.add(t.stat(p));
        }
        try (FakeSuperTree t = FakeSuperTree.open(dir)) {
            t.prefetch(paths, helper);
            assertEquals(1, helped.get(), "half of the paths went to the helper");
            for (int i = 0; i < paths.size(); i++) {
                assertEquals(plain.get(i), t.stat(paths.get(i)), paths.get(i).toString());
            }
        }
        assertNull(plain.get(3), "a missing entry stays missing");
        assertNotNull(plain.get(4));
    }

    @Test
    void aFewPathsOrNoHelperAreReadByTheCaller() throws Exception {
        List<StorePath> paths = makeFiles(2 * FakeSuperTree.MIN_SPLIT);
        try (FakeSuperTree t = FakeSuperTree.open(dir)) {
            t.prefetch(paths.subList(0, FakeSuperTree.MIN_SPLIT - 1), helper);
            assertEquals(0, helped.get());
            Executor refusing = r -> {
                throw new RejectedExecutionException("shut down");
            };
            t.prefetch(paths, refusing);
            for (StorePath p : paths) assertNotNull(t.stat(p));
        }
    }

    @Test
    void anErrorComesOutOfTheStatOfItsPathOnly() throws Exception {
        List<StorePath> paths = makeFiles(20);
        StorePath bad = paths.get(15); // in the helper's half
        StoreReader real = StoreReader.openReadOnly(dir);
        List<String> lookedUpBy = Collections.synchronizedList(new ArrayList<>());
        StoreReader failing = new StoreReader() {
            @Override
            public StoredEntry lookup(StorePath path, boolean xattrs) throws IOException {
                lookedUpBy.add(Thread.currentThread().getName());
                if (path.equals(bad)) throw new IOException("bad %stat");
                return real.lookup(path, xattrs);
            }

            @Override public List<Xattr> readXattrs(StorePath path) throws IOException { return real.readXattrs(path); }
            @Override public RsyncAcl readAcl(StorePath path, boolean d) throws IOException { return real.readAcl(path, d); }
            @Override public List<byte[]> list(StorePath d) throws IOException { return real.list(d); }
            @Override public BasisFile openBasis(StorePath path) throws IOException { return real.openBasis(path); }
            @Override public byte[] readSymlink(StorePath path) throws IOException { return real.readSymlink(path); }
            @Override public void close() throws IOException { real.close(); }
        };
        try (FakeSuperTree t = new FakeSuperTree(failing)) {
            t.prefetch(paths, helper);
            int calls = lookedUpBy.size();
            assertEquals(paths.size(), calls, "each path read once, ahead");
            assertTrue(lookedUpBy.stream().distinct().count() == 2, "two threads read: " + lookedUpBy);
            for (StorePath p : paths) {
                if (p.equals(bad)) {
                    IOException e = assertThrows(IOException.class, () -> t.stat(p));
                    assertEquals("bad %stat", e.getMessage());
                } else {
                    assertNotNull(t.stat(p));
                }
            }
            assertEquals(calls, lookedUpBy.size(), "nothing read twice");
            // a path asked again is read again (the read-ahead is used once)
            assertNotNull(t.stat(paths.get(0)));
            assertEquals(calls + 1, lookedUpBy.size());
        }
    }

    @Test
    void theFileListIsTheSameWithReadAhead() throws Exception {
        makeFiles(2 * FileListBuilder.PREFETCH + 37);
        Files.createDirectories(dir.resolve("d/f0003/sub"));
        Files.write(dir.resolve("d/f0003/sub/x"), new byte[5]);
        List<String> with = list(FakeSuperTree.open(dir));
        List<String> without;
        try (FakeSuperTree real = FakeSuperTree.open(dir)) {
            // the same tree without the read-ahead (SourceTree's default)
            without = list(new SourceTree() {
                @Override public SourceEntry stat(StorePath p) throws IOException { return real.stat(p); }
                @Override public List<byte[]> list(StorePath d) throws IOException { return real.list(d); }
                @Override public BasisFile open(StorePath p) throws IOException { return real.open(p); }
                @Override public byte[] readLink(StorePath p) throws IOException { return real.readLink(p); }
                @Override public List<Xattr> xattrs(StorePath p) throws IOException { return real.xattrs(p); }
                @Override public RsyncAcl acl(StorePath p, boolean d) throws IOException { return real.acl(p, d); }
                @Override public void close() { }
            });
        }
        assertEquals(2 * FileListBuilder.PREFETCH + 37 + 3, with.size(), with.toString().substring(0, 200));
        assertEquals(without, with);
    }

    private static List<String> list(SourceTree tree) throws IOException {
        try (tree) {
            List<String> out = new ArrayList<>();
            FileListBuilder b = new FileListBuilder(tree, byteback.rsync.filter.FilterList.EMPTY, null, true, false,
                    false, true, Long.MAX_VALUE, (f, ndx, firstNdx) -> out.add(ndx + " " + new String(f.wireName) + " "
                            + f.entry));
            b.sendArguments(List.of("d".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertSame(0, b.ioError());
            return out;
        }
    }
}
