package byteback.client.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LocalFiles#list} and {@link LocalFiles#lstat} through the thread's native scratch memory,
 * against an independent reader (python's os.listdir on bytes): names of every byte value, a
 * directory many times the size of one getdents64 buffer, a directory emptied while it is listed,
 * several threads listing at once, long symlink targets.
 */
class LocalFilesListTest {
    @TempDir
    Path dir;

    private static byte[] run(String... cmd) throws Exception {
        return LocalTreeTest.run(cmd);
    }

    /** The names python sees in a directory, NUL-separated bytes, sorted as unsigned bytes. */
    private static List<byte[]> pythonList(Path d) throws Exception {
        byte[] out = run("python3", "-c", "import os,sys; sys.stdout.buffer.write(b''.join(n + b'\\0' for n in os.listdir(sys.argv[1].encode())))",
                d.toString());
        List<byte[]> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                names.add(Arrays.copyOfRange(out, start, i));
                start = i + 1;
            }
        }
        names.sort(Arrays::compareUnsigned);
        return names;
    }

    private static List<byte[]> sorted(List<byte[]> names) {
        List<byte[]> s = new ArrayList<>(names);
        s.sort(Arrays::compareUnsigned);
        return s;
    }

    private static void assertSameNames(List<byte[]> expected, List<byte[]> actual) {
        assertEquals(expected.size(), actual.size(), "number of names");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), "name " + i + ": "
                    + new String(expected.get(i), StandardCharsets.ISO_8859_1));
        }
    }

    private static byte[] path(Path p) {
        return p.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void namesOfEveryByteValueAndDotLikeNames() throws Exception {
        Path d = Files.createDirectory(dir.resolve("odd"));
        // every byte but NUL and '/', alone and inside names; names that look like "." and ".."
        run("python3", "-c", """
                import os, sys
                d = sys.argv[1].encode()
                for b in range(1, 256):
                    if b == 0x2f or b == 0x2e: continue
                    open(os.path.join(d, bytes([b])), 'w').close()
                    open(os.path.join(d, b'x' + bytes([b]) + b'y'), 'w').close()
                for n in [b'...', b'.a', b'..b', b'.\\n', b'a.', b'\\xff\\xfe', b'caf\\xc3\\xa9', b'\\xe2\\x80\\xae rtl']:
                    open(os.path.join(d, n), 'w').close()
                os.mkdir(os.path.join(d, b'.hidden-dir'))
                os.symlink(b'/nonexistent', os.path.join(d, b'\\x01link'))
                """, d.toString());
        List<byte[]> ours = sorted(LocalFiles.list(path(d)));
        assertSameNames(pythonList(d), ours);
        assertTrue(ours.size() > 500, "names: " + ours.size());
    }

    @Test
    void directoryManyTimesOneBufferLong() throws Exception {
        Path d = Files.createDirectory(dir.resolve("long"));
        // 4 000 names of 200 bytes: ~900 KiB of dirents, ~28 getdents64 calls through one 32 KiB buffer
        run("python3", "-c", """
                import os, sys
                d = sys.argv[1].encode()
                for i in range(4000):
                    open(os.path.join(d, (b'%05d-' % i) + b'n' * 194), 'w').close()
                """, d.toString());
        List<byte[]> ours = sorted(LocalFiles.list(path(d)));
        assertEquals(4000, ours.size());
        assertTrue(4000L * 200 > 20L * Scratch.DIRENTS, "the directory spans many buffers");
        assertSameNames(pythonList(d), ours);
        Set<String> distinct = new HashSet<>();
        for (byte[] n : ours) distinct.add(new String(n, StandardCharsets.ISO_8859_1));
        assertEquals(4000, distinct.size());
    }

    @Test
    void directoryEmptiedWhileListedGivesOnlyRealNames() throws Exception {
        Path d = Files.createDirectory(dir.resolve("churn"));
        Set<String> made = new HashSet<>();
        for (int i = 0; i < 3000; i++) {
            String n = String.format("%04d-%s", i, "z".repeat(100));
            Files.createFile(d.resolve(n));
            made.add(n);
        }
        AtomicBoolean stop = new AtomicBoolean();
        Thread deleter = new Thread(() -> {
            try (var s = Files.newDirectoryStream(d)) {
                for (Path p : s) {
                    if (stop.get()) break;
                    Files.deleteIfExists(p);
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        deleter.start();
        int lists = 0;
        try {
            while (deleter.isAlive() || lists == 0) {
                List<byte[]> names = LocalFiles.list(path(d));
                lists++;
                for (byte[] n : names) {
                    String s = new String(n, StandardCharsets.ISO_8859_1);
                    assertTrue(made.contains(s), "listed a name that never existed: " + s);
                }
                assertEquals(names.size(), new HashSet<>(names.stream().map(n -> new String(n, StandardCharsets.ISO_8859_1)).toList()).size(),
                        "a name listed twice");
            }
        } finally {
            stop.set(true);
            deleter.join();
        }
        assertEquals(List.of(), LocalFiles.list(path(d)), "empty at the end");
        // the directory itself gone: a listing reports it as missing, an lstat as vanished
        Files.delete(d);
        assertThrows(NoSuchFileException.class, () -> LocalFiles.list(path(d)));
        assertNull(LocalFiles.lstat(path(d)));
    }

    @Test
    void aSymlinkIsNotListedThroughAndALongTargetIsRead() throws Exception {
        Path target = Files.createDirectory(dir.resolve("real"));
        Files.createFile(target.resolve("inside"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        assertThrows(FileSystemException.class, () -> LocalFiles.list(path(link)));
        String longTarget = "t/".repeat(1500) + "end"; // 3 003 bytes: beyond the first readlink guess
        Path longLink = Files.createSymbolicLink(dir.resolve("longlink"), Path.of(longTarget));
        LocalFile f = LocalFiles.lstat(path(longLink));
        assertTrue(f.isSymlink());
        assertArrayEquals(longTarget.getBytes(StandardCharsets.US_ASCII), f.linkTarget());
        assertEquals(longTarget.length(), f.size());
    }

    @Test
    void threadsListingAtOnceEachGetTheirOwnDirectory() throws Exception {
        int dirs = 4;
        List<Path> ds = new ArrayList<>();
        for (int k = 0; k < dirs; k++) {
            Path d = Files.createDirectory(dir.resolve("t" + k));
            for (int i = 0; i < 800; i++) Files.createFile(d.resolve("d" + k + "-" + i + "-" + "q".repeat(60)));
            ds.add(d);
        }
        List<List<byte[]>> expected = new ArrayList<>();
        for (Path d : ds) expected.add(pythonList(d));
        ExecutorService pool = Executors.newFixedThreadPool(dirs);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int k = 0; k < dirs; k++) {
                int kk = k;
                fs.add(pool.submit(() -> {
                    for (int r = 0; r < 10; r++) {
                        assertSameNames(expected.get(kk), sorted(LocalFiles.list(path(ds.get(kk)))));
                        LocalFile st = LocalFiles.lstat(path(ds.get(kk)));
                        assertTrue(st.isDirectory());
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) f.get();
        } finally {
            pool.shutdownNow();
        }
    }
}
