package byteback.it.browse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.btrfs.Btrfs;
import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import byteback.server.diff.ClientDiff;
import byteback.server.diff.DiffFormat;
import byteback.server.diff.DiffResult;
import byteback.server.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * byteback-receive --diff over ssh and the admin's diff: after two real stock-rsync backups of a
 * tree mutated in between, exactly the changes made are listed, with what changed; btrfs
 * generations and the full walk agree.
 */
class SnapshotDiffOverSshTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");

    private Cmd.Result backup(ClientKey key, Path source) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("rsync", "--archive", "--xattrs", "--numeric-ids", "--delete-excluded",
                "--delete-during", "--inplace", "--relative", "--timeout", "60", "-e", server.rsh(key),
                source.toString(), "byteback@127.0.0.1:"));
        return Cmd.run(cmd, Map.of(), null, 300);
    }

    private static void sh(String... cmd) throws Exception {
        Cmd.run(List.of(cmd)).ok();
    }

    @Test
    void diffListsExactlyTheChangesBetweenTwoBackups() throws Exception {
        ClientKey key = ClientKey.create(server.scratch(), "web1");
        server.enrol("web1", key);
        Path src = server.scratch().resolve("src");
        Files.createDirectories(src.resolve("etc/conf.d"));
        Files.createDirectories(src.resolve("var/old/deeper"));
        for (int i = 0; i < 300; i++) Files.writeString(src.resolve("etc/conf.d/unchanged-" + i), "line " + i + "\n");
        Files.writeString(src.resolve("etc/grows"), "12345");
        Files.writeString(src.resolve("etc/samesize"), "abcde");
        Files.writeString(src.resolve("etc/chmod"), "x");
        Files.writeString(src.resolve("etc/chown"), "x");
        Files.writeString(src.resolve("etc/xattr"), "x");
        Files.writeString(src.resolve("etc/removed"), "bye");
        Files.writeString(src.resolve("var/old/deeper/f"), "bye");
        Files.createSymbolicLink(src.resolve("etc/link"), Path.of("grows"));
        sh("setfattr", "-n", "user.keep", "-v", "1", src.resolve("etc/xattr").toString());
        sh("find", src.toString(), "-exec", "touch", "-h", "-d", "@" + (System.currentTimeMillis() / 1000 - 86_400), "{}", "+");
        assertEquals(0, backup(key, src).exit());
        assertEquals(0, server.ssh(key, "byteback-receive", "--complete").ok().exit());
        Store store = new Store(server.root());
        String s1 = store.snapshots("web1").get(0).name();

        Files.writeString(src.resolve("etc/grows"), "1234567");
        Files.writeString(src.resolve("etc/samesize"), "abXde");
        Files.setPosixFilePermissions(src.resolve("etc/chmod"), PosixFilePermissions.fromString("rwx------"));
        sh("chown", "1234:4321", src.resolve("etc/chown").toString());
        sh("setfattr", "-n", "user.added", "-v", "2", src.resolve("etc/xattr").toString());
        Files.delete(src.resolve("etc/removed"));
        Files.delete(src.resolve("etc/link"));
        Files.createSymbolicLink(src.resolve("etc/link"), Path.of("samesize"));
        sh("rm", "-r", src.resolve("var/old").toString());
        Files.createDirectories(src.resolve("srv/new"));
        Files.writeString(src.resolve("srv/new/file"), "hello");
        assertEquals(0, backup(key, src).exit());
        // a second snapshot now (the server makes at most one a minute): as the server makes them
        String s2 = "2099-01-01T00:00+0000";
        new Btrfs().snapshot(store.current("web1"), store.clientDir("web1").resolve(s2), true);

        Cmd.Result r = server.ssh(key, "byteback-receive", "--diff");
        assertEquals(0, r.exit(), r.toString());
        String rel = src.toString().substring(1) + "/";
        Map<String, String> byPath = Arrays.stream(r.out().split("\n")).filter(l -> !l.isBlank())
                .collect(Collectors.toMap(l -> l.substring(l.lastIndexOf("  ") + 2), l -> l.replaceAll(" +", " ")));
        Map<String, String> expected = Map.ofEntries(
                Map.entry(rel + "etc/grows", "changed content 5 B -> 7 B, mtime"),
                Map.entry(rel + "etc/samesize", "changed content 5 B -> 5 B, mtime"),
                Map.entry(rel + "etc/chmod", "changed mode -rw-r--r-- -> -rwx------"),
                Map.entry(rel + "etc/chown", "changed owner 0:0 -> 1234:4321"),
                Map.entry(rel + "etc/xattr", "changed xattrs +user.added"),
                Map.entry(rel + "etc/link", "changed target grows -> samesize, mtime"),
                Map.entry(rel + "etc/removed", "removed file 3 B"),
                Map.entry(rel + "var/old", "removed dir"),
                Map.entry(rel + "var/old/deeper", "removed dir"),
                Map.entry(rel + "var/old/deeper/f", "removed file 3 B"),
                Map.entry(rel + "srv", "added dir"),
                Map.entry(rel + "srv/new", "added dir"),
                Map.entry(rel + "srv/new/file", "added file 5 B"));
        assertEquals(expected.keySet(), byPath.keySet(), r.out());
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertTrue(byPath.get(e.getKey()).startsWith(e.getValue()), e.getKey() + ": " + byPath.get(e.getKey()));
        }
        assertTrue(r.err().contains(s1 + " -> " + s2 + ": 3 added, 4 removed, 6 changed (btrfs generations"), r.err());

        // the same from the admin's side, by generations and by the full walk
        DiffResult fast = ClientDiff.run(store, "web1", List.of(s1, s2), new Btrfs(), true);
        DiffResult walk = ClientDiff.run(store, "web1", List.of(s1, s2), new Btrfs(), false);
        assertEquals(DiffResult.Method.GENERATIONS, fast.method());
        assertEquals(DiffResult.Method.WALK, walk.method());
        List<String> fastLines = fast.changes().stream().map(DiffFormat::line).toList();
        assertEquals(fastLines, walk.changes().stream().map(DiffFormat::line).toList());
        assertEquals(Arrays.stream(r.out().split("\n")).filter(l -> !l.isBlank()).toList(), fastLines);
        assertEquals(0, server.cli("diff", "--root", server.root().toString(), "--name", "web1", s1, s2));
        assertEquals(0, server.cli("diff", "--root", server.root().toString(), "--name", "web1", "--walk"));

        // current against the newest: nothing; unknown names and escapes: refused
        Cmd.Result none = server.ssh(key, "byteback-receive", "--diff", s2, "current");
        assertEquals(0, none.exit(), none.toString());
        assertEquals("", none.out());
        Cmd.Result bad = server.ssh(key, "byteback-receive", "--diff", "../web1/current", s2);
        assertNotEquals(0, bad.exit());
        assertTrue(bad.err().contains("no snapshot named"), bad.toString());
        assertEquals(1, server.cli("diff", "--root", server.root().toString(), "--name", "web1", "nope"));
    }
}
