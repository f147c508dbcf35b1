package byteback.it.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.rsync.SourceTree;
import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import byteback.it.support.DirTimeRace;
import byteback.it.support.TreeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * byteback-restore --restore with the jar (no rsync or ssh on its PATH), run as root in an empty
 * directory, after two real backups of a nasty tree with stock rsync (a snapshot between them):
 * what it writes under ./SNAPSHOT/PATH equals, entry for entry (type, mode, owner, device numbers,
 * mtime, content, every xattr, ACLs, hard links), what stock rsync 3.5.0 writes as root when it
 * restores the same patterns from the same server as the original client does (its rsync path
 * {@code byteback-restore --fake-super --snapshot S [--all]}, with -HAX and --trust-sender); the
 * store is unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClientRestoreTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("2G");
    ClientKey key;
    Path src;
    Path conf;
    Path sshConfig;
    ClientJar jar;
    String snapshot;
    int n;

    @BeforeAll
    void backUpTwiceWithASnapshotBetween() throws Exception {
        key = ClientKey.create(server.scratch(), "web1");
        ClientKey otherKey = ClientKey.create(server.scratch(), "other");
        server.enrol("web1", key);
        server.enrol("other", otherKey);
        src = server.scratch().resolve("src");
        Files.createDirectories(src);
        SourceTree.create(src);
        Cmd.run(List.of("python3", "-c", "open(b'" + src + "/odd \\xff name', 'w').write('x')")).ok();
        Files.createSymbolicLink(src.resolve("to-root"), Path.of("/"));
        backup(key, src);
        server.ssh(key, "byteback-receive", "--complete").ok();
        try (Stream<Path> s = Files.list(server.root().resolve("web1"))) {
            snapshot = s.map(p -> p.getFileName().toString()).filter(x -> !x.equals("current")).findFirst().orElseThrow();
        }
        SourceTree.edit(src);
        backup(key, src);
        Path other = server.scratch().resolve("othersrc");
        Files.createDirectories(other.resolve("secret-dir"));
        Files.writeString(other.resolve("secret-dir/secret"), "the other client's secret");
        backup(otherKey, other);

        conf = Files.createDirectories(server.scratch().resolve("conf"));
        Files.copy(key.file(), conf.resolve("key"));
        Files.writeString(conf.resolve("destination"), "ssh://byteback@127.0.0.1:" + server.port() + "\n");
        Files.writeString(conf.resolve("known_hosts"), Cmd.run(List.of("ssh-keyscan", "-p", String.valueOf(server.port()),
                "127.0.0.1")).ok().out());
        sshConfig = Files.writeString(server.scratch().resolve("ssh_config"), "");
        jar = new ClientJar(server.scratch());
    }

    /** As the original backs up: absolute paths kept (--relative). */
    private void backup(ClientKey k, Path tree) throws Exception {
        Cmd.run(List.of("rsync", "--archive", "--xattrs", "--acls", "--hard-links", "--numeric-ids", "--delete-during",
                "--inplace", "--relative", "--timeout", "60", "--rsync-path", "rsync --fake-super", "-e", server.rsh(k),
                tree.toString(), "byteback@127.0.0.1:"), Map.of(), null, 300).ok();
    }

    private Cmd.Result jarRestore(Path cwd, List<String> options, String... patterns) throws Exception {
        List<String> a = new ArrayList<>(List.of("restore", "--restore", "--config-dir", conf.toString(), "-F",
                sshConfig.toString()));
        a.addAll(options);
        a.addAll(List.of(patterns));
        return jar.run(cwd, 300, a.toArray(String[]::new));
    }

    /** Stock rsync as the original client runs it (its flags, plus -HAX and --trust-sender as rsync_flags). */
    private Cmd.Result stockRestore(Path cwd, List<String> options, String... patterns) throws Exception {
        String snap = "*";
        boolean all = false;
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i).equals("--snapshot")) snap = options.get(++i);
            if (options.get(i).equals("--all")) all = true;
        }
        List<String> cmd = new ArrayList<>(List.of("rsync", "--archive", "--numeric-ids", "--inplace", "--relative",
                "--compress", "--timeout", "300", "-e", server.rsh(key), "--rsync-path",
                "byteback-restore --fake-super --snapshot " + snap + (all ? " --all" : ""), "--hard-links", "--acls",
                "--xattrs", "--trust-sender"));
        String dst = "byteback@127.0.0.1:";
        for (String p : patterns) {
            cmd.add(dst + qp(p));
            dst = ":";
        }
        cmd.add(".");
        return Cmd.run(cmd, Map.of(), cwd, 300);
    }

    /** The original client's encoding of a pattern (Ruby pack("M"), spaces as =20). */
    private static String qp(String s) {
        StringBuilder b = new StringBuilder();
        for (byte x : s.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (c > 32 && c < 127 && c != '=') b.append((char) c);
            else b.append(String.format("=%02X", c));
        }
        return b.toString();
    }

    record Case(String name, List<String> options, List<String> patterns) {
        @Override
        public String toString() {
            return name;
        }
    }

    Stream<Case> cases() {
        return Stream.of(
                new Case("newest", List.of(), List.of("SRC")),
                new Case("one snapshot", List.of("--snapshot", "SNAP"), List.of("SRC")),
                new Case("all versions", List.of("--all"), List.of("SRC/dir", "SRC/large.bin", "SRC/owned")),
                new Case("globs and odd names", List.of(), List.of("SRC/with space/*", "SRC/ü*", "SRC/hard*",
                        "SRC/dir/**/*", "SRC/to-root")),
                new Case("current only", List.of("--snapshot", "current"), List.of("SRC/dir/sub")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void restoreEqualsStockRsync(Case c) throws Exception {
        Path ours = Files.createDirectories(server.scratch().resolve("ours-" + (++n)));
        Path ref = Files.createDirectories(server.scratch().resolve("ref-" + n));
        List<String> options = c.options().stream().map(o -> o.replace("SNAP", snapshot)).toList();
        String[] patterns = c.patterns().stream().map(p -> p.replace("SRC", src.toString())).toArray(String[]::new);
        TreeSnapshot storeBefore = TreeSnapshot.of(server.root().resolve("web1"));

        long refStart = DirTimeRace.now();
        Cmd.Result expected = stockRestore(ref, options, patterns);
        assertEquals(0, expected.exit(), expected.toString());
        long oursStart = DirTimeRace.now();
        Cmd.Result actual = jarRestore(ours, options, patterns);
        assertEquals(0, actual.exit(), actual.toString());
        assertFalse(actual.err().contains("\tat "), actual.toString());

        // the working directory itself is not part of the transfer
        Files.setLastModifiedTime(ours, FileTime.fromMillis(0));
        Files.setLastModifiedTime(ref, FileTime.fromMillis(0));
        TreeSnapshot want = TreeSnapshot.of(ref);
        TreeSnapshot got = TreeSnapshot.of(ours);
        assertTrue(want.entries().size() > 3, want.toString());
        // the jar's receiver must get every time right; stock's may lose a directory's (DirTimeRace)
        assertEquals("", DirTimeRace.diff(want, refStart, got, oursStart, false), c.name());
        assertEquals(want.hardLinkGroups(), got.hardLinkGroups());
        assertEquals(statDump(ref), statDump(ours), "types, sizes, device numbers");
        assertEquals(aclDump(ref), aclDump(ours), "ACLs");
        assertEquals("", storeBefore.diff(TreeSnapshot.of(server.root().resolve("web1"))), "the store changed");
    }

    @Test
    void layoutRealMetadataAndAnUnchangedSecondRun() throws Exception {
        Path ours = Files.createDirectories(server.scratch().resolve("layout"));
        Cmd.Result r = jarRestore(ours, List.of("-v"), src + "/owned", src + "/chardev", src + "/acl-file", src + "/gone-file");
        assertEquals(0, r.exit(), r.toString());
        Path cur = ours.resolve("current" + src);
        Path snap = ours.resolve(snapshot + src);
        assertEquals("777:888 644", Cmd.run(List.of("stat", "-c", "%u:%g %a", cur.resolve("owned").toString())).ok().out()
                .strip());
        assertEquals("c 1:3", Cmd.run(List.of("stat", "-c", "%F %t:%T", cur.resolve("chardev").toString())).ok().out().strip()
                .replace("character special file", "c"));
        assertTrue(Cmd.run(List.of("getfacl", "-n", "-p", cur.resolve("acl-file").toString())).ok().out()
                .contains("user:12345:rwx"));
        assertEquals("gone\n", Files.readString(snap.resolve("gone-file")), "a file gone from current comes from the snapshot");
        assertTrue(r.err().contains("Restoring:") && r.err().contains("byteback-restore:"), r.toString());
        // run again: nothing to change, same tree
        TreeSnapshot before = TreeSnapshot.of(ours);
        Cmd.Result again = jarRestore(ours, List.of(), src + "/owned", src + "/chardev", src + "/acl-file", src + "/gone-file");
        assertEquals(0, again.exit(), again.toString());
        assertEquals("", before.diff(TreeSnapshot.of(ours)));
    }

    /**
     * A stored name that is not UTF-8 (b"odd \\xff name"): the original client sends the pattern's
     * bytes quoted-printable (=FF), the jar a glob that matches it; both restore the file (the server
     * once sent the name with U+FFFD in its place, and rsync stopped with exit 23).
     */
    @Test
    void aNameThatIsNotUtf8IsRestoredByPattern() throws Exception {
        Path ref = Files.createDirectories(server.scratch().resolve("odd-ref"));
        List<String> cmd = new ArrayList<>(List.of("rsync", "--archive", "--numeric-ids", "--inplace", "--relative",
                "--timeout", "300", "-e", server.rsh(key), "--rsync-path", "byteback-restore --fake-super --snapshot *",
                "--trust-sender", "byteback@127.0.0.1:" + qp(src.toString()) + "/odd=20=FF=20name", "."));
        Cmd.Result stock = Cmd.run(cmd, Map.of(), ref, 300);
        assertEquals(0, stock.exit(), stock.toString());
        assertStored(ref.resolve("current" + src));

        Path ours = Files.createDirectories(server.scratch().resolve("odd-ours"));
        Cmd.Result r = jarRestore(ours, List.of(), src + "/odd *");
        assertEquals(0, r.exit(), r.toString());
        assertStored(ours.resolve("current" + src));
    }

    private static void assertStored(Path dir) throws Exception {
        Cmd.run(List.of("sh", "-c", "test \"$(cat \"$(printf '" + dir + "/odd \\377 name')\")\" = x")).ok();
    }

    @Test
    void nothingMatchingSaysSorryAsTheOriginal() throws Exception {
        Path ours = Files.createDirectories(server.scratch().resolve("nothing"));
        Cmd.Result r = jarRestore(ours, List.of(), src + "/no-such-file");
        assertEquals(0, r.exit(), "as the original client and --list: " + r);
        assertTrue(r.err().startsWith("** Sorry.  There were no files matching:"), r.toString());
        assertFalse(r.err().contains("rsync"), "no rsync noise: " + r);
        assertFalse(r.err().contains("\tat "), r.toString());
        try (Stream<Path> s = Files.list(ours)) {
            assertEquals(0, s.count(), "nothing written");
        }
    }

    static String statDump(Path dir) throws Exception {
        return Cmd.run(List.of("sh", "-c", "cd '" + dir + "' && find . -print0 | xargs -0 stat -c '%n|%F|%f|%u|%g|%t:%T|%s|%Y' | sort"))
                .ok().out();
    }

    static String aclDump(Path dir) throws Exception {
        return Cmd.run(List.of("sh", "-c", "cd '" + dir + "' && getfacl -R -P -n . 2>/dev/null")).out();
    }
}
