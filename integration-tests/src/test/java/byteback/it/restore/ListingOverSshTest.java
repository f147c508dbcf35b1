package byteback.it.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code byteback-receive --list} over OpenSSH's ssh against the real server, after two real
 * backups with stock rsync (a snapshot between them): every pattern form, newest / --all /
 * --verbose / --snapshot, the command lines the original byteback-restore client sends (unquoted
 * {@code --snapshot *}, quoted-printable patterns), and the columns checked against the client's
 * own files (stat), not against our code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListingOverSshTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");
    ClientKey key;
    ClientKey otherKey;
    Path src;
    String snapshot;
    static final DateTimeFormatter RUBY_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss xx");

    @BeforeAll
    void twoBackupsAndASnapshot() throws Exception {
        key = ClientKey.create(server.scratch(), "web1");
        otherKey = ClientKey.create(server.scratch(), "other");
        server.enrol("web1", key);
        server.enrol("other", otherKey);
        src = server.scratch().resolve("src");
        Files.createDirectories(src.resolve("etc/ssh"));
        Files.createDirectories(src.resolve("home/u/docs"));
        Files.createDirectories(src.resolve("dev"));
        write("etc/passwd", "root:x:0:0\n", 1_600_000_000);
        write("etc/group", "root:x:0:\n", 1_600_000_100);
        write("etc/.hidden", "h", 1_600_000_200);
        write("etc/ssh/sshd_config", "Port 22\n", 1_600_000_300);
        write("etc/ssh/ssh_config", "Host *\n", 1_600_000_400);
        write("home/u/a b.txt", "spaces", 1_600_000_500);
        write("home/u/docs/x.txt", "x", 1_600_000_600);
        write("home/u/it's.txt", "quote", 1_600_000_700);
        Files.createSymbolicLink(src.resolve("home/u/link"), Path.of("docs/x.txt"));
        Cmd.run(List.of("mknod", src.resolve("dev/null0").toString(), "c", "1", "3")).ok();
        Cmd.run(List.of("mkfifo", src.resolve("dev/fifo").toString())).ok();
        Cmd.run(List.of("chown", "1234:4321", src.resolve("home/u/a b.txt").toString())).ok();
        Cmd.run(List.of("chmod", "4750", src.resolve("home/u/a b.txt").toString())).ok();
        backup(key);
        server.ssh(key, "byteback-receive", "--complete").ok();
        try (Stream<Path> s = Files.list(server.root().resolve("web1"))) {
            snapshot = s.map(p -> p.getFileName().toString()).filter(n -> !n.equals("current")).findFirst().orElseThrow();
        }
        write("etc/passwd", "root:x:0:0\nu:x:1000:1000\n", 1_700_000_000);
        Files.delete(src.resolve("etc/group"));
        backup(key);
        // the other client has an /etc/secret that web1 must never see
        Path other = server.scratch().resolve("othersrc");
        Files.createDirectories(other.resolve("etc"));
        Files.writeString(other.resolve("etc/secret"), "s");
        Cmd.run(List.of("rsync", "-aX", "--relative", "--rsync-path", "rsync --fake-super", "-e", server.rsh(otherKey),
                other + "/./etc", "byteback@127.0.0.1:"), Map.of(), null, 120).ok();
    }

    private void write(String rel, String content, long mtime) throws Exception {
        Path p = src.resolve(rel);
        Files.writeString(p, content);
        Files.setLastModifiedTime(p, FileTime.from(Instant.ofEpochSecond(mtime)));
    }

    private void backup(ClientKey k) throws Exception {
        Cmd.run(List.of("rsync", "--archive", "--xattrs", "--numeric-ids", "--delete-excluded", "--delete-during", "--inplace",
                "--relative", "--timeout", "60", "--rsync-path", "rsync --fake-super", "-e", server.rsh(k),
                src + "/./etc", src + "/./home", src + "/./dev", "byteback@127.0.0.1:"), Map.of(), null, 120).ok();
    }

    /** The listing's rows (after the heading and the rule), split into columns; the path keeps its spaces. */
    private List<List<String>> rows(Cmd.Result r) {
        assertEquals(0, r.exit(), r.toString());
        String[] lines = r.out().split("\n");
        assertEquals("snapshot", lines[0].split(" +")[0], r.out());
        assertTrue(lines[1].matches("-+"), r.out());
        List<List<String>> out = new ArrayList<>();
        for (int i = 2; i < lines.length; i++) {
            String[] f = lines[i].split(" +", 9);
            List<String> row = new ArrayList<>(List.of(f[0], f[1], f[2], f[3], f[4], f[5] + " " + f[6] + " " + f[7], f[8].stripTrailing()));
            out.add(row);
        }
        return out;
    }

    private Cmd.Result list(String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("byteback-receive"));
        a.addAll(List.of(args));
        return server.ssh(key, a.toArray(String[]::new));
    }

    private List<String> paths(Cmd.Result r) {
        return rows(r).stream().map(row -> row.get(0) + ":" + row.get(6)).toList();
    }

    /** What `ls -l` would say about the client's own file, in the listing's columns. */
    private List<String> expectedRow(String snap, String rel) throws Exception {
        String[] st = Cmd.run(List.of("stat", "-c", "%A %s %u %g %Y", src.resolve(rel).toString())).ok().out().trim().split(" ");
        String mtime = RUBY_TIME.format(ZonedDateTime.ofInstant(Instant.ofEpochSecond(Long.parseLong(st[4])), ZoneId.systemDefault()));
        return List.of(snap, st[0], st[1], st[2], st[3], mtime, "/" + rel);
    }

    @Test
    void newestCopyOfEachPathWithTheClientsOwnMetadata() throws Exception {
        List<List<String>> rows = rows(list("--list", "/etc/*"));
        // group was deleted after the snapshot: its newest copy is the snapshot's
        assertEquals(List.of(snapshot + ":/etc/group", "current:/etc/passwd", "current:/etc/ssh"), sortedByPath(rows));
        assertEquals(expectedRow("current", "etc/passwd"), rows.stream().filter(r -> r.get(6).equals("/etc/passwd")).findFirst().orElseThrow());
        List<List<String>> home = rows(list("--list", "/home/u/a=20b.txt", "/dev/*", "/home/u/link"));
        assertEquals(expectedRow("current", "home/u/a b.txt"), home.get(2)); // -rwsr-x--- 1234 4321: from %stat
        assertEquals("-rwsr-x---", home.get(2).get(1));
        assertEquals(expectedRow("current", "dev/fifo"), home.get(0));
        assertEquals(List.of("current", Cmd.run(List.of("stat", "-c", "%A", src.resolve("dev/null0").toString())).ok().out().trim()),
                home.get(1).subList(0, 2));
        assertTrue(home.stream().anyMatch(r -> r.get(1).startsWith("p") && r.get(6).equals("/dev/fifo")), home.toString());
        assertTrue(home.stream().anyMatch(r -> r.get(1).startsWith("c") && r.get(6).equals("/dev/null0")), home.toString());
        assertTrue(home.stream().anyMatch(r -> r.get(1).equals("lrwxrwxrwx") && r.get(6).equals("/home/u/link -> docs/x.txt")), home.toString());
    }

    private static List<String> sortedByPath(List<List<String>> rows) {
        return rows.stream().map(r -> r.get(0) + ":" + r.get(6)).toList();
    }

    @Test
    void everyPatternForm() throws Exception {
        assertEquals(List.of("current:/etc/ssh/ssh_config", "current:/etc/ssh/sshd_config"), paths(list("--list", "/etc/ssh/*")));
        assertEquals(List.of("current:/etc/.hidden"), paths(list("--list", "/etc/.*")));
        assertEquals(List.of("current:/etc/passwd"), paths(list("--list", "/etc/?asswd")));
        assertEquals(List.of(snapshot + ":/etc/group", "current:/etc/passwd"), paths(list("--list", "/etc/[gp]*")));
        assertEquals(List.of(snapshot + ":/etc/group", "current:/etc/ssh"), paths(list("--list", "/etc/[!p]*")));
        assertEquals(List.of("current:/etc/passwd", "current:/etc/ssh/sshd_config"), paths(list("--list", "/etc/{passwd,ssh/sshd*}")));
        assertEquals(List.of("current:/home/u/a b.txt", "current:/home/u/docs/x.txt", "current:/home/u/it's.txt"),
                paths(list("--list", "/**/*.txt")));
        assertEquals(List.of("current:/home/u/it's.txt"), paths(list("--list", "/home/u/it's.txt")));
    }

    @Test
    void allVerboseAndSnapshot() throws Exception {
        assertEquals(List.of(snapshot + ":/etc/passwd", "current:/etc/passwd"), paths(list("--list", "--all", "/etc/passwd")));
        // --verbose: every copy; the unchanged sshd_config is in both
        assertEquals(List.of(snapshot + ":/etc/ssh/sshd_config", "current:/etc/ssh/sshd_config"),
                paths(list("--list", "--verbose", "/etc/ssh/sshd_config")));
        assertEquals(List.of("current:/etc/ssh/sshd_config"), paths(list("--list", "--all", "/etc/ssh/sshd_config")));
        assertEquals(List.of(snapshot + ":/etc/group", snapshot + ":/etc/passwd", snapshot + ":/etc/ssh"),
                paths(list("--list", "--snapshot", snapshot, "/etc/*")));
        assertEquals(List.of("current:/etc/passwd", "current:/etc/ssh"), paths(list("--list", "--snapshot", "current", "/etc/*")));
        assertEquals(List.of(snapshot + ":/etc/passwd"), paths(list("--list", "--snapshot", snapshot.substring(0, 5) + "*", "/etc/passwd")));
    }

    @Test
    void theOriginalClientsCommandLines() throws Exception {
        // bin/byteback-restore list_files: byteback-receive --snapshot * --list [--all] [--verbose] ENCODED...
        assertEquals(List.of(snapshot + ":/etc/passwd", "current:/etc/passwd", "current:/home/u/a b.txt"),
                paths(list("--snapshot", "*", "--list", "--all", "/etc/passwd", "/home/u/a=20b.txt")));
        assertEquals(List.of(snapshot + ":/home/u/it's.txt", "current:/home/u/it's.txt"),
                paths(list("--snapshot", "*", "--list", "--verbose", "/home/u/it's.txt")));
        assertEquals(List.of(snapshot + ":/etc/group"), paths(list("--snapshot", snapshot, "--list", "/etc/gro=75p")));
    }

    @Test
    void nothingFoundRefusalsAndOtherClients() throws Exception {
        Cmd.Result none = list("--list", "/etc/nothing*");
        assertEquals(0, none.exit());
        assertEquals("** Sorry.  There were no files matching:\n--> /etc/nothing*\n", none.out());
        assertEquals("** Sorry.  There were no files matching:\n--> /etc/secret\n--> /../other/current/etc/secret\n",
                list("--list", "/etc/secret", "/../other/current/etc/secret").out());
        Cmd.Result up = list("--list", "/{..,x}/{..,x}/other/current/etc/*");
        assertNotEquals(0, up.exit());
        assertTrue(up.err().contains(".."), up.err());
        assertTrue(!up.out().contains("secret"));
        Cmd.Result badSnap = list("--list", "--snapshot", "../other", "/etc/*");
        assertNotEquals(0, badSnap.exit());
        assertTrue(badSnap.err().contains("bad snapshot"), badSnap.err());
        Cmd.Result mine = server.ssh(otherKey, "byteback-receive", "--list", "/**/*");
        assertTrue(mine.out().contains("/etc/secret") && !mine.out().contains("passwd"), mine.out());
    }

    /**
     * What the original bin/byteback-restore --restore runs (restore_files): stock rsync with its
     * flags, byteback-restore as --rsync-path, the quoted-printable patterns as HOST:P1 :P2 ., from
     * the directory to restore into; --trust-sender from /etc/byteback/rsync_flags.
     */
    private Cmd.Result originalRestore(Path into, String snapshotArg, boolean all, boolean trustSender, String... encoded)
            throws Exception {
        List<String> cmd = new ArrayList<>(List.of("rsync", "--archive", "--numeric-ids", "--inplace", "--relative",
                "--compress", "--timeout", "300", "--rsh", server.rsh(key) + " -x -a -l byteback",
                "--rsync-path", "byteback-restore --fake-super --snapshot " + snapshotArg + (all ? " --all" : "")));
        if (trustSender) cmd.add("--trust-sender");
        String dst = "127.0.0.1:";
        for (String e : encoded) {
            cmd.add(dst + e);
            dst = ":";
        }
        cmd.add(".");
        Files.createDirectories(into);
        return Cmd.run(cmd, Map.of(), into, 120);
    }

    @Test
    void theOriginalClientsRestore() throws Exception {
        Path into = server.scratch().resolve("restore-newest");
        Cmd.Result r = originalRestore(into, "*", false, true, "/etc/passwd", "/home/u/a=20b.txt", "/etc/ssh/*_config");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("Restoring:") && r.err().contains("/home/u/a b.txt"), r.toString());
        assertEquals(Files.readString(src.resolve("etc/passwd")), Files.readString(into.resolve("current/etc/passwd")));
        assertEquals(Files.readString(src.resolve("etc/ssh/ssh_config")), Files.readString(into.resolve("current/etc/ssh/ssh_config")));
        assertEquals(Cmd.run(List.of("stat", "-c", "%A %u %g %s %Y", src.resolve("home/u/a b.txt").toString())).ok().out(),
                Cmd.run(List.of("stat", "-c", "%A %u %g %s %Y", into.resolve("current/home/u/a b.txt").toString())).ok().out());
        // every distinct version, each under its snapshot; a deleted file from the snapshot
        Path all = server.scratch().resolve("restore-all");
        assertEquals(0, originalRestore(all, "*", true, true, "/etc/passwd", "/etc/group").exit());
        assertEquals("root:x:0:0\n", Files.readString(all.resolve(snapshot + "/etc/passwd")));
        assertEquals(Files.readString(src.resolve("etc/passwd")), Files.readString(all.resolve("current/etc/passwd")));
        assertTrue(Files.exists(all.resolve(snapshot + "/etc/group")));
        // one snapshot; a directory comes back whole
        Path one = server.scratch().resolve("restore-snapshot");
        assertEquals(0, originalRestore(one, snapshot, false, true, "/etc/ssh").exit());
        assertTrue(Files.exists(one.resolve(snapshot + "/etc/ssh/sshd_config")));
        try (Stream<Path> s = Files.list(one)) {
            assertEquals(List.of(snapshot), s.map(p -> p.getFileName().toString()).toList());
        }
        // the working directory's own owner and mode are left alone (the original excluded ".")
        assertEquals("drwxr-xr-x", Cmd.run(List.of("stat", "-c", "%A", one.toString())).ok().out().trim());
        // nothing matches: the original's message, exit 1, nothing written
        Path none = server.scratch().resolve("restore-none");
        Cmd.Result nothing = originalRestore(none, "*", false, true, "/etc/nothing");
        assertNotEquals(0, nothing.exit());
        assertTrue(nothing.err().contains("** Sorry.  There were no files matching:"), nothing.toString());
        try (Stream<Path> s = Files.list(none)) {
            assertEquals(0, s.count());
        }
        // rsync >= 3.2.5 without --trust-sender rejects the ./SNAPSHOT/PATH names (as against the original server)
        Cmd.Result untrusted = originalRestore(server.scratch().resolve("restore-untrusted"), "*", false, false, "/etc/passwd");
        assertNotEquals(0, untrusted.exit());
        assertTrue(untrusted.err().contains("unrequested"), untrusted.toString());
    }
}
