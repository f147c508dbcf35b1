package byteback.rsync.flist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * File lists exactly as stock rsync 3.5.0 sends them (captured through a remote-shell script in
 * front of the real rsync receiver), decoded and compared with what lstat, getfattr and getfacl
 * say about the source tree.
 * The source tree is built once for the class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealStreamTest {
    private static final String LONG_NAME = "L".repeat(255);

    private Path work;
    private Path src;

    @BeforeAll
    void makeTree() throws Exception {
        work = Files.createTempDirectory("flist-real-");
        src = work.resolve("src");
        sh("set -e; S='" + src + "'\n"
                + "mkdir -p \"$S/dir/sub\" \"$S/with space\" \"$S/sticky\" \"$S/empty\"\n"
                + "printf 'hello\\n' > \"$S/dir/file\"; : > \"$S/empty-file\"\n"
                + "head -c 100000 /dev/urandom > \"$S/dir/sub/big\"\n"
                + "printf x > \"$S/with space/a b\"; printf y > \"$S/new\nline\"\n"
                + "printf z > \"$S/\u00fcn\u00efc\u00f8d\u00e9\"; printf w > \"$S/-leading-dash\"\n"
                + "printf v > \"$S/" + LONG_NAME + "\"\n"
                + "ln -s dir/file \"$S/link\"; ln -s /nonexistent/target \"$S/dangling\"\n"
                + "printf h > \"$S/hard1\"; ln \"$S/hard1\" \"$S/dir/hard2\"; ln \"$S/hard1\" \"$S/hard3\"\n"
                + "printf g > \"$S/pair1\"; ln \"$S/pair1\" \"$S/pair2\"\n"
                + "mkfifo \"$S/fifo\"; mknod \"$S/chr\" c 1 3; mknod \"$S/blk\" b 7 200\n"
                + "python3 -c 'import socket,sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \"$S/sock\"\n"
                + "chmod 4755 \"$S/dir/file\"; chmod 1777 \"$S/sticky\"; chmod 0 \"$S/empty-file\"\n"
                + "chown 12345:54321 \"$S/with space/a b\"\n"
                + "setfattr -n user.small -v short \"$S/dir/file\"\n"
                + "setfattr -n user.big -v \"$(head -c 100 /dev/zero | tr '\\0' A)\" \"$S/dir/file\"\n"
                + "setfattr -n trusted.t -v tval \"$S/dir/file\"\n"
                + "setfattr -n user.small -v short \"$S/pair1\"\n"
                + "setfacl -m u:1234:rx,g:4321:r \"$S/dir/sub/big\"\n"
                + "setfacl -d -m u:1234:rwx \"$S/dir\"\n"
                + "touch -h -d '1960-05-06 07:08:09' \"$S/with space/a b\"\n"
                + "touch -h -d '2100-01-01 00:00:00' \"$S/-leading-dash\"\n"
                + "touch -h -d '2020-01-02 03:04:05.123456789' \"$S/dir/sub/big\"\n"
                + "touch -h -d '2001-02-03 04:05:06.5' \"$S/link\"\n");
    }

    @AfterAll
    void cleanUp() throws Exception {
        sh("rm -rf '" + work + "'");
    }

    @ParameterizedTest(name = "protocol {0}, drop compat \"{1}\"")
    @CsvSource({"30, ''", "31, ''", "32, ''", "30, v", "31, v", "32, v", "30, vf"})
    void decodesWhatStockRsyncSends(int protocol, String drop) throws Exception {
        RsyncCapture.Captured cap = RsyncCapture.capture(work, drop,
                List.of("-aHAX", "--numeric-ids", "--protocol=" + protocol, "src/"));
        assertEquals(drop.contains("v"), !cap.compat('v'), cap.serverArgs());
        FileListConfig config = new FileListConfig(protocol, cap.compat('v'), cap.compat('f'),
                cap.compat('u'), true, true, true, true, true, true, true, true, false, false,
                false, true, 0, 16, FileListLimits.defaults());
        BytesWireInput in = new BytesWireInput(cap.data());
        FileList list = new FileListReader(config).read(in);
        assertEquals(0, list.ioError());
        assertTrue(list.userNames().isEmpty(), "--numeric-ids sends no names");
        // after the list the generator's requests start: the first is a file index, never EOF
        assertTrue(in.position() < cap.data().length);
        int end = in.position();
        for (int len = 0; len < end; len++) {
            byte[] part = Arrays.copyOf(cap.data(), len);
            int n = len;
            assertThrows(EOFException.class,
                    () -> new FileListReader(config).read(new BytesWireInput(part)),
                    () -> "a truncated list of " + n + " bytes");
        }

        Map<String, FileEntry> byName = new TreeMap<>();
        for (FileEntry e : list.entries()) {
            assertFalse(e.removed(), e.toString());
            byName.put(e.name(), e);
        }
        assertEquals(sourcePaths(), byName.keySet());
        checkSorted(list.entries());

        Map<Object, Set<Integer>> inodeGroups = new HashMap<>();
        for (int i = 0; i < list.size(); i++) {
            FileEntry e = list.get(i);
            Path p = e.name().equals(".") ? src : src.resolve(e.name());
            Map<String, Object> st = Files.readAttributes(p, "unix:*", LinkOption.NOFOLLOW_LINKS);
            assertEquals((int) st.get("mode"), e.mode(), e.name());
            assertEquals((int) st.get("uid"), e.uid(), e.name());
            assertEquals((int) st.get("gid"), e.gid(), e.name());
            FileTime mtime = (FileTime) st.get("lastModifiedTime");
            long nanos = mtime.to(TimeUnit.NANOSECONDS);
            assertEquals(Math.floorDiv(nanos, 1_000_000_000L), e.mtime(), e.name());
            int expectNsec = protocol >= 31 ? (int) Math.floorMod(nanos, 1_000_000_000L) : 0;
            assertEquals(expectNsec, e.mtimeNanos(), e.name());
            if (e.isRegular()) {
                assertEquals((long) st.get("size"), e.size(), e.name());
            }
            if (e.isSymlink()) {
                assertArrayEquals(Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8),
                        e.symlinkTarget(), e.name());
            } else {
                assertNull(e.symlinkTarget());
            }
            if (e.isDevice()) {
                long rdev = (long) st.get("rdev");
                assertEquals((int) (((rdev >>> 32) & 0xfffff000L) | ((rdev >>> 8) & 0xfff)),
                        e.rdevMajor(), e.name());
                assertEquals((int) (((rdev >>> 12) & 0xffffff00L) | (rdev & 0xff)), e.rdevMinor(),
                        e.name());
            }
            if (!e.isDirectory() && (int) st.get("nlink") > 1) {
                inodeGroups.computeIfAbsent(st.get("ino"), k -> new HashSet<>()).add(i);
            } else {
                assertEquals(-1, e.hardLinkFirst(), e.name());
            }
            checkXattrs(p, e);
            checkAcls(p, e);
        }
        assertEquals(2, inodeGroups.size());
        for (Set<Integer> group : inodeGroups.values()) {
            int first = group.stream().mapToInt(Integer::intValue).min().getAsInt();
            for (int i : group) {
                assertEquals(first, list.get(i).hardLinkFirst(), list.get(i).name());
            }
        }
        FileEntry root = byName.get(".");
        assertTrue(root.isDirectory());
        assertTrue((root.flags() & FileEntry.FLAG_TOP_DIR) != 0);
        assertEquals(".", list.get(0).name(), "\".\" sorts first");
    }

    @ParameterizedTest(name = "protocol {0}")
    @CsvSource({"30", "32"})
    void relativeAbsoluteSourceWithChecksumsAndNames(int protocol) throws Exception {
        RsyncCapture.Captured cap = RsyncCapture.capture(work, "",
                List.of("-aR", "-c", "--protocol=" + protocol, src + "/dir"));
        FileListConfig config = new FileListConfig(protocol, cap.compat('v'), cap.compat('f'),
                cap.compat('u'), true, true, true, true, true, false, false, false, false, false,
                true, false, 16, 16, FileListLimits.defaults());
        FileList list = new FileListReader(config).read(new BytesWireInput(cap.data()));
        Set<String> names = new HashSet<>();
        for (FileEntry e : list.entries()) {
            names.add(e.name());
            assertFalse(e.name().startsWith("/"), e.name());
            if (e.isRegular()) {
                assertNotNull(e.checksum());
                assertEquals(16, e.checksum().length);
            }
        }
        String rel = src.toString().substring(1);
        assertTrue(names.contains(rel + "/dir/sub/big"), names.toString());
        FileEntry implied = list.entries().stream().filter(e -> e.name().equals(rel)).findFirst()
                .orElseThrow();
        assertEquals(FileEntry.FLAG_IMPLIED_DIR, implied.flags(), "implied parent directory");
        // root owns the tree: its name travels in the id lists
        assertEquals("root", list.userNames().get(0));
        assertEquals("root", list.groupNames().get(0));
    }

    /** byteback's own client flags: a filter list comes first, then the list of "/" under -R. */
    @ParameterizedTest(name = "protocol {0}")
    @CsvSource({"30", "31", "32"})
    void bytebackClientFlagsFromTheRoot(int protocol) throws Exception {
        String top = work.getFileName().toString();
        sh("touch -a -d '2001-01-01 00:00:01' '" + src + "/dir/file'");
        RsyncCapture.Captured cap = RsyncCapture.capture(work, "",
                List.of("--archive", "--xattrs", "--numeric-ids", "--delete-excluded",
                        "--delete-during", "--inplace", "--relative", "--timeout", "30", "-U",
                        "--protocol=" + protocol, "--include=/" + work.getParent().getFileName() + "/",
                        "--include=" + work + "/", "--include=" + src + "/***", "--exclude=*",
                        "/"));
        BytesWireInput in = new BytesWireInput(cap.data());
        int rules = 0;
        for (int len; (len = in.readInt()) != 0; rules++) {
            in.readFully(new byte[len], 0, len);
        }
        assertEquals(0, rules, "with --delete-excluded the receiver gets no exclude rules");
        FileListConfig config = new FileListConfig(protocol, cap.compat('v'), cap.compat('f'),
                cap.compat('u'), true, true, true, true, true, false, true, false, true, false,
                true, true, 0, 16, FileListLimits.defaults());
        FileList list = new FileListReader(config).read(in);
        List<String> names = list.entries().stream().map(FileEntry::name).toList();
        String base = work.toString().substring(1);
        assertEquals(".", names.get(0), names.toString());
        assertTrue(names.contains(work.getParent().toString().substring(1)), names.toString());
        assertTrue(names.contains(base + "/src/dir/sub/big"), names.toString());
        assertTrue(names.contains(base + "/src/" + LONG_NAME), names.toString());
        FileEntry file = list.entries().stream()
                .filter(e -> e.name().equals(base + "/src/dir/file")).findFirst().orElseThrow();
        assertEquals(978307201L, file.atime(), "--atimes");
        assertEquals(top, work.getFileName().toString());
    }

    /** The indices must be the receiver's: compare with the list rsync's own receiver prints. */
    @ParameterizedTest(name = "protocol {0}")
    @CsvSource({"30", "32"})
    void sortOrderIsStockRsyncs(int protocol) throws Exception {
        sh("set -e; cd '" + work + "'; mkdir -p sorted; cd sorted\n"
                + "mkdir -p a a.b a-c/x 'a b' B b/.d Z '~' \u00e9 a/a/a\n"
                + "touch a-c/y ab a.c 'a b/c' b/.d/e z Z/y ./-x '~~' \u00e9\u00e9 a/a/b a/a.b a/a-b\n");
        RsyncCapture.Captured cap = RsyncCapture.capture(work, "",
                List.of("-a", "--protocol=" + protocol, "-M--debug=FLIST3", "sorted/"));
        FileListConfig config = new FileListConfig(protocol, cap.compat('v'), cap.compat('f'),
                cap.compat('u'), true, true, true, true, true, false, false, false, false, false,
                false, false, 0, 16, FileListLimits.defaults());
        FileList list = new FileListReader(config).read(new BytesWireInput(cap.data()));
        List<String> rsyncOrder = receiverList(cap.output());
        List<String> ours = ourList(list);
        assertEquals(rsyncOrder, ours, cap.output());
        assertTrue(ours.size() > 25);
    }

    /** Duplicate sources: rsync's receiver drops the same entries and keeps the same flags. */
    @ParameterizedTest(name = "protocol {0}")
    @CsvSource({"30", "32"})
    void duplicatesAreRemovedAsStockRsyncRemovesThem(int protocol) throws Exception {
        RsyncCapture.Captured cap = RsyncCapture.capture(work, "",
                List.of("-a", "--protocol=" + protocol, "-M--debug=FLIST3", "src/dir", "src/dir",
                        "src/dir/", "src/with space"));
        FileListConfig config = new FileListConfig(protocol, cap.compat('v'), cap.compat('f'),
                cap.compat('u'), true, true, true, true, true, false, false, false, false, false,
                false, false, 0, 16, FileListLimits.defaults());
        FileList list = new FileListReader(config).read(new BytesWireInput(cap.data()));
        List<String> rsyncOrder = receiverList(cap.output());
        assertTrue(rsyncOrder.contains(""), "the stream has duplicates: " + rsyncOrder);
        assertEquals(rsyncOrder, ourList(list), cap.output());
    }

    /** What rsync's receiver prints with --debug=FLIST3: name, '/' for dirs, dir flags; "" when dropped. */
    private static List<String> receiverList(String output) {
        List<String> r = new ArrayList<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\[Receiver\\] i=(\\d+) (?:-?\\d+ (.*)| ) mode=0\\d+ .* flags=([0-9a-f]+)")
                .matcher(output);
        while (m.find()) {
            assertEquals(r.size(), Integer.parseInt(m.group(1)));
            String name = m.group(2);
            int flags = Integer.parseInt(m.group(3), 16);
            r.add(name == null ? "" : name.endsWith("/") ? name + " " + (flags & 0x45) : name);
        }
        return r;
    }

    private static List<String> ourList(FileList list) {
        List<String> r = new ArrayList<>();
        for (FileEntry e : list.entries()) {
            String n = e.name().equals(".") ? "." : e.name();
            r.add(e.removed() ? "" : e.isDirectory() ? n + "/ " + e.flags() : n);
        }
        return r;
    }

    private void checkSorted(List<FileEntry> entries) {
        for (int i = 1; i < entries.size(); i++) {
            assertTrue(FileNameOrder.compare(entries.get(i - 1), entries.get(i)) < 0,
                    entries.get(i - 1) + " before " + entries.get(i));
        }
    }

    private void checkXattrs(Path p, FileEntry e) throws Exception {
        Map<String, byte[]> expected = new TreeMap<>();
        for (String line : cachedSh("getfattr -h -d -m- -e hex --absolute-names '" + p + "' || true")
                .split("\n")) {
            int eq = line.indexOf('=');
            if (line.startsWith("#") || eq < 0) {
                continue;
            }
            String name = line.substring(0, eq);
            if (name.startsWith("system.posix_acl")) {
                continue; // sent as ACLs
            }
            byte[] value = hex(line.substring(eq + 3));
            expected.put(name.startsWith("user.") ? name : "user.rsync." + name, value);
        }
        assertNotNull(e.xattrs(), e.name());
        Map<String, Xattr> got = new TreeMap<>();
        for (Xattr x : e.xattrs().xattrs()) {
            got.put(x.nameString(), x);
        }
        assertEquals(expected.keySet(), got.keySet(), e.name());
        for (var ex : expected.entrySet()) {
            Xattr x = got.get(ex.getKey());
            assertEquals(ex.getValue().length, x.length());
            if (ex.getValue().length > 32) {
                assertTrue(x.abbreviated());
                assertEquals(16, x.checksum().length);
            } else {
                assertArrayEquals(ex.getValue(), x.value(), ex.getKey());
            }
        }
    }

    private void checkAcls(Path p, FileEntry e) throws Exception {
        if (e.isSymlink()) {
            assertNull(e.accessAcl());
            return;
        }
        assertNotNull(e.accessAcl(), e.name());
        List<String> named = new ArrayList<>();
        List<String> defaults = new ArrayList<>();
        for (String line : cachedSh("getfacl -n -p '" + p + "'").split("\n")) {
            String[] f = line.split(":");
            if (f.length == 3 && !f[1].isEmpty() && (f[0].equals("user") || f[0].equals("group"))) {
                named.add(f[0] + ":" + f[1] + ":" + f[2]);
            }
            if (f.length == 4 && f[0].equals("default") && !f[2].isEmpty()) {
                defaults.add(f[1] + ":" + f[2] + ":" + f[3]);
            }
        }
        assertEquals(named, render(e.accessAcl()), e.name());
        if (e.isDirectory()) {
            assertNotNull(e.defaultAcl());
            assertEquals(defaults, render(e.defaultAcl()), e.name());
        } else {
            assertNull(e.defaultAcl());
        }
    }

    private static List<String> render(Acl acl) {
        List<String> r = new ArrayList<>();
        for (Acl.AclEntry a : acl.names()) {
            r.add((a.user() ? "user:" : "group:") + Integer.toUnsignedLong(a.id()) + ":"
                    + ((a.access() & 4) != 0 ? "r" : "-") + ((a.access() & 2) != 0 ? "w" : "-")
                    + ((a.access() & 1) != 0 ? "x" : "-"));
        }
        return r;
    }

    private Set<String> sourcePaths() throws IOException {
        Set<String> names = new TreeMap<String, Boolean>().keySet();
        Set<String> result = new HashSet<>(names);
        Files.walkFileTree(src, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                result.add(dir.equals(src) ? "." : src.relativize(dir).toString());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                result.add(src.relativize(file).toString());
                return FileVisitResult.CONTINUE;
            }
        });
        return new java.util.TreeSet<>(result);
    }

    private static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    /** The source tree's xattrs and ACLs do not change between tests: ask once per file. */
    private final Map<String, String> shCache = new HashMap<>();

    private String cachedSh(String script) throws IOException, InterruptedException {
        String out = shCache.get(script);
        if (out == null) {
            out = sh(script);
            shCache.put(script, out);
        }
        return out;
    }

    static String sh(String script) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("script failed: " + out);
        }
        return out;
    }
}
