package byteback.rsync.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The oracle: stock {@code rsync -aHAX --numeric-ids --delete} with fake-super on the receiving side
 * and the same source replayed through the {@link Store} must leave identical trees (types,
 * contents, on-disc modes and owners, mtimes, every xattr, hard-link groups), on a first run and on
 * a second run after edits, type changes and deletions.
 */
class FakeSuperOracleTest {
    private Path base;
    private Path src;
    private Path ref;
    private Path mine;

    @BeforeEach
    void setUp() throws Exception {
        base = Files.createTempDirectory("byteback-store-oracle-");
        src = Files.createDirectory(base.resolve("src"));
        ref = Files.createDirectory(base.resolve("ref"));
        mine = Files.createDirectory(base.resolve("mine"));
    }

    @AfterEach
    void tearDown() throws Exception {
        if (System.getenv("KEEP_TREES") == null) Shell.run("rm", "-rf", "--one-file-system", base.toString());
    }

    @Test
    void storesWhatRsyncFakeSuperStores() throws Exception {
        buildSource();
        runBoth(false, false);
        editSource();
        runBoth(false, false);
    }

    @Test
    void inplaceAndSparseStoreTheSame() throws Exception {
        buildSource();
        runBoth(true, true);
        editSource();
        runBoth(true, true);
    }

    @Test
    void theStoreDoesRsyncsTwoPhasesWhenGivenEverythingAtOnce() throws Exception {
        buildSource();
        runBoth(false, false, true);
        editSource();
        runBoth(false, false, true);
    }

    private void runBoth(boolean inplace, boolean sparse) throws Exception {
        runBoth(inplace, sparse, false);
    }

    private void runBoth(boolean inplace, boolean sparse, boolean combined) throws Exception {
        Shell.run("rsync", "-aHAX", "--numeric-ids", "--delete", "-M--fake-super", inplace ? "--inplace" : "-q",
                sparse ? "--sparse" : "-q", src + "/", ref + "/");
        try (Store store = Store.open(mine)) {
            new Replayer(store, inplace, sparse, combined).replay(src);
        }
        Map<String, String> expected = TreeDescription.describe(ref);
        Map<String, String> actual = TreeDescription.describe(mine);
        assertTrue(expected.size() > 30, "the reference tree has every kind of entry: " + expected.keySet());
        assertEquals(expected.keySet(), actual.keySet(), "the same entries");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertEquals(e.getValue(), actual.get(e.getKey()), e.getKey());
        }
        assertTrue(expected.values().stream().anyMatch(v -> v.contains("user.rsync.%stat")), "some %stat stored");
        assertTrue(expected.values().stream().anyMatch(v -> v.contains("user.rsync.%aacl")), "some ACL stored");
        assertTrue(expected.keySet().stream().anyMatch(k -> k.startsWith("#hardlinks")), "hard links kept");
    }

    private void buildSource() throws Exception {
        sh("chmod", "0755", src.toString());
        write("file", "hello\n");
        write("setuid", "#!/bin/sh\n");
        sh("chmod", "04755", p("setuid"));
        write("setgid", "g");
        sh("chmod", "02711", p("setgid"));
        write("zero-mode", "nobody may read me");
        sh("chmod", "0000", p("zero-mode"));
        write("all-mode", "everyone");
        sh("chmod", "0777", p("all-mode"));
        write("owned", "owned by a stranger");
        sh("chown", "12345:54321", p("owned"));
        write("root-0644", "plain");
        sh("chmod", "0644", p("root-0644"));
        write("empty", "");
        Files.write(src.resolve("holes"), holes());
        mkdir("dir", "0755");
        mkdir("dir/sub", "0750");
        write("dir/sub/deep", "deep");
        mkdir("sticky", "01777");
        mkdir("private", "0700");
        mkdir("open-dir", "0777");
        mkdir("stranger-dir", "0755");
        sh("chown", "12345:54321", p("stranger-dir"));
        sh("ln", "-s", "file", p("link"));
        sh("ln", "-s", "/nonexistent/target with space", p("dangling"));
        sh("ln", "-s", "dir/sub", p("dir-link"));
        sh("ln", "-s", "file", p("stranger-link"));
        sh("chown", "-h", "12345:54321", p("stranger-link"));
        sh("mkfifo", "-m", "0640", p("fifo"));
        sh("mknod", "-m", "0660", p("chr"), "c", "1", "3");
        sh("mknod", "-m", "0600", p("blk"), "b", "259", "65536");
        sh("mknod", "-m", "0644", p("big-chr"), "c", "4095", "1048575");
        try (ServerSocketChannel s = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(src.resolve("socket")));
        }
        write("hard1", "linked content");
        sh("ln", p("hard1"), p("hard2"));
        sh("ln", p("hard1"), p("dir/hard3"));
        write("xattrs", "has xattrs");
        sh("setfattr", "-n", "user.mime_type", "-v", "text/plain", p("xattrs"));
        sh("setfattr", "-n", "user.empty", p("xattrs"));
        sh("setfattr", "-n", "user.binary", "-v", "0x00ff10", p("xattrs"));
        sh("setfattr", "-n", "trusted.secret", "-v", "0x0102030405", p("xattrs"));
        sh("setfattr", "-n", "trusted.other", "-v", "t", p("dir"));
        sh("setfattr", "-n", "user.dir", "-v", "d", p("dir"));
        sh("setfattr", "-n", "trusted.fifo", "-v", "f", p("fifo"));
        write("xattr-only", "same content, xattr changes");
        sh("setfattr", "-n", "user.version", "-v", "1", p("xattr-only"));
        write("acl-file", "acl");
        sh("setfacl", "-m", "u:12345:rwx,g:54321:r-x,u:0:r--", p("acl-file"));
        write("acl-file-x", "acl and xattr");
        sh("setfacl", "-m", "u:777:rw-", p("acl-file-x"));
        sh("setfattr", "-n", "user.also", "-v", "yes", p("acl-file-x"));
        mkdir("acl-dir", "0755");
        sh("setfacl", "-m", "g:54321:rwx", p("acl-dir"));
        sh("setfacl", "-d", "-m", "u:12345:rwx,o::---", p("acl-dir"));
        mkdir("acl-dir-x", "0755");
        sh("setfacl", "-d", "-m", "u:12345:r-x", p("acl-dir-x"));
        sh("setfattr", "-n", "user.dir", "-v", "with acl", p("acl-dir-x"));
        write("acl-dir/inherits", "default acl applies");
        mkdir("will-be-file", "0755");
        write("will-be-file/child", "c");
        write("will-be-dir", "f");
        write("will-be-deleted", "bye");
        mkdir("tree-deleted", "0755");
        mkdir("tree-deleted/a", "0755");
        write("tree-deleted/a/b", "b");
        write("retarget", "x");
        Files.delete(src.resolve("retarget"));
        sh("ln", "-s", "old-target", p("retarget"));
        write(" space and ünïcödé name", "odd name");
        write("-leading-dash", "dash");
        write("new\nline", "newline in the name");
        write("back\\slash", "backslash in the name");
        sh("setfattr", "-n", "user.odd", "-v", "name", p("new\nline"));
        sh("setfattr", "-n", "user.odd", "-v", "name", p("back\\slash"));
        write("a".repeat(255), "long name");

        settleTimes("@1500000000.25");
        times("file", "@1000000000.123456789");
        times("setuid", "@1700000000");
        times("zero-mode", "@-1000000000.5");
        times("all-mode", "@4102444800.999999999");
        times("owned", "@0");
        times("link", "@1234567890");
        times("dangling", "@-86400");
        times("fifo", "@1111111111");
        times("chr", "@222222222");
        times("socket", "@333333333");
        times("hard1", "@444444444");
        times("xattrs", "@555555555.5");
        times("dir/sub", "@666666666");
        times("dir", "@777777777");
        times("sticky", "@-1");
        times("acl-dir", "@888888888");
        times(".", "@999999999");
    }

    private void editSource() throws Exception {
        write("file", "hello, changed\n");
        byte[] holes = holes();
        java.util.Arrays.fill(holes, 100_000, 100_100, (byte) 0); // data becomes a hole
        java.util.Arrays.fill(holes, 200_000, 200_050, (byte) 9); // a hole becomes data
        Files.write(src.resolve("holes"), java.util.Arrays.copyOf(holes, 280_000));
        times("holes", "@1700000001");
        times("file", "@1000000001");
        sh("setfattr", "-n", "user.version", "-v", "2", p("xattr-only"));
        sh("setfattr", "-n", "user.also", "-v", "changed", p("acl-file-x"));
        sh("setfattr", "-n", "user.dir", "-v", "changed", p("acl-dir-x"));
        sh("setfattr", "-x", "user.empty", p("xattrs"));
        sh("rm", "-f", p("retarget"));
        sh("ln", "-s", "new-target", p("retarget"));
        sh("rm", "-rf", p("will-be-file"));
        write("will-be-file", "now a file");
        sh("rm", "-f", p("will-be-dir"));
        mkdir("will-be-dir", "0700");
        write("will-be-dir/inside", "i");
        sh("rm", "-rf", p("will-be-deleted"), p("tree-deleted"));
        sh("chmod", "0640", p("all-mode"));
        sh("chown", "0:0", p("owned"));
        sh("chown", "4242:4343", p("root-0644"));
        sh("chmod", "0755", p("zero-mode"));
        sh("setfacl", "-b", p("acl-file"));
        sh("rm", "-f", p("hard2"));
        write("hard2", "no longer linked");
        settleTimes("@1600000000.75");
        times("dir", "@777777778");
        times(".", "@999999998");
    }

    /**
     * Gives every entry touched in the last minutes a fixed time in the past: rsync leaves an mtime
     * alone that is in the same second as the wanted one, so entries made just now would make the
     * comparison depend on the clock.
     */
    private void settleTimes(String when) throws Exception {
        sh("find", src.toString(), "-newermt", "-10 minutes", "-exec", "touch", "-h", "-d", when, "{}", "+");
    }

    private static byte[] holes() {
        byte[] b = new byte[300_000];
        for (int i = 100_000; i < 100_100; i++) b[i] = (byte) i;
        for (int i = 250_000; i < 250_010; i++) b[i] = 7;
        return b;
    }

    private String p(String rel) {
        return src.resolve(rel).toString();
    }

    private void write(String rel, String content) throws Exception {
        Files.write(src.resolve(rel), content.getBytes(StandardCharsets.UTF_8));
    }

    private void mkdir(String rel, String mode) throws Exception {
        Files.createDirectory(src.resolve(rel));
        sh("chmod", mode, p(rel));
    }

    private void times(String rel, String when) throws Exception {
        sh("touch", "-h", "-d", when, p(rel));
    }

    private static void sh(String... cmd) throws Exception {
        Shell.run(cmd);
    }

    static long count(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.count();
        }
    }
}
