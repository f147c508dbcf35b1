package byteback.it.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.rsync.SourceTree;
import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import byteback.it.support.DirTimeRace;
import byteback.it.support.TreeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Restores by path with stock rsync 3.5.0 over OpenSSH's ssh from the real server, after two real
 * backups of a nasty tree (a snapshot between them): each restored tree equals, entry for entry,
 * what stock {@code rsync --fake-super --server --sender} restores from a copy of the same store
 * with the same client command, with the same exit code. Then the confinement attacks: nothing
 * from outside the client's directory, nothing in the store changed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestoreOverSshTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("2G");
    ClientKey key;
    ClientKey otherKey;
    Path reference;
    Path referenceShell;
    String snapshot;
    int n;

    @BeforeAll
    void backUpTwiceWithASnapshotBetween() throws Exception {
        key = ClientKey.create(server.scratch(), "web1");
        otherKey = ClientKey.create(server.scratch(), "other");
        server.enrol("web1", key);
        server.enrol("other", otherKey);
        Path src = server.scratch().resolve("src");
        Files.createDirectories(src);
        SourceTree.create(src);
        // symlinks a hostile client backs up, pointing out of its directory
        Files.createSymbolicLink(src.resolve("to-root"), Path.of("/"));
        Files.createSymbolicLink(src.resolve("to-up"), Path.of("../../.."));
        Files.createSymbolicLink(src.resolve("to-other"), Path.of("../../other/current"));
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
        // the reference: stock rsync --fake-super as the sender, over a copy of the same store
        reference = server.scratch().resolve("reference");
        Files.createDirectories(reference);
        Cmd.run(List.of("cp", "-a", "--preserve=all", server.root().resolve("web1").toString(), reference.toString())).ok();
        referenceShell = server.scratch().resolve("reference-rsh");
        Files.writeString(referenceShell, "#!/bin/sh\nshift\ncd '" + reference.resolve("web1") + "' && exec sh -c \"$*\"\n");
        Files.setPosixFilePermissions(referenceShell, PosixFilePermissions.fromString("rwx------"));
    }

    private void backup(ClientKey k, Path src) throws Exception {
        Cmd.run(List.of("rsync", "--archive", "--xattrs", "--acls", "--hard-links", "--numeric-ids", "--delete-during",
                "--inplace", "--timeout", "60", "--rsync-path", "rsync --fake-super", "-e", server.rsh(k), src + "/",
                "byteback@127.0.0.1:"), Map.of(), null, 300).ok();
    }

    private Cmd.Result pullFromServer(List<String> options, String path, Path dest) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("rsync"));
        cmd.addAll(options);
        cmd.addAll(List.of("-e", server.rsh(key), "byteback@127.0.0.1:" + path, dest + "/"));
        return Cmd.run(cmd, Map.of(), null, 300);
    }

    private Cmd.Result pullFromReference(List<String> options, String path, Path dest) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("rsync"));
        cmd.addAll(options);
        cmd.addAll(List.of("--rsync-path", "rsync --fake-super", "-e", referenceShell.toString(), "localhost:" + path, dest + "/"));
        return Cmd.run(cmd, Map.of(), null, 300);
    }

    record Case(String name, List<String> options, String path, String seedFrom) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<String> AHAX = List.of("-aHAX", "--numeric-ids");

    Stream<Case> cases() {
        return Stream.of(
                new Case("current", AHAX, "current/", null),
                new Case("snapshot", AHAX, "SNAP/", null),
                new Case("subdirectory", AHAX, "current/dir/sub", null),
                new Case("one file", AHAX, "current/large.bin", null),
                new Case("relative", plus("-R"), "current/./dir", null),
                new Case("compressed zstd", plus("-z", "--zc=zstd"), "current/", null),
                new Case("compressed zlib", plus("-z", "--zc=zlib", "--cc=md5"), "current/", null),
                new Case("delta onto the snapshot's copy", plus("--stats", "--no-whole-file", "--delete"), "current/", "SNAP/"),
                new Case("delta in place", plus("--stats", "--inplace", "--no-whole-file"), "current/", "SNAP/"),
                new Case("checksum", plus("-c", "--delete"), "current/", "SNAP/"),
                new Case("protocol 30", plus("--protocol=30"), "current/", null),
                new Case("protocol 31 sparse", plus("--protocol=31", "-S"), "SNAP/", null));
    }

    private static List<String> plus(String... more) {
        List<String> l = new ArrayList<>(AHAX);
        l.addAll(List.of(more));
        return l;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void restoreEqualsStockRsyncFakeSuper(Case c) throws Exception {
        Path ours = server.scratch().resolve("ours-" + (++n));
        Path ref = server.scratch().resolve("ref-" + n);
        Files.createDirectories(ours);
        Files.createDirectories(ref);
        String path = c.path().replace("SNAP", snapshot);
        if (c.seedFrom() != null) {
            String seed = c.seedFrom().replace("SNAP", snapshot);
            pullFromReference(AHAX, seed, ours).ok();
            pullFromReference(AHAX, seed, ref).ok();
        }
        TreeSnapshot storeBefore = TreeSnapshot.of(server.root().resolve("web1"));
        long refStart = DirTimeRace.now();
        Cmd.Result expected = pullFromReference(c.options(), path, ref);
        long oursStart = DirTimeRace.now();
        Cmd.Result actual = pullFromServer(c.options(), path, ours);
        assertEquals(expected.exit(), actual.exit(), "exit codes: reference " + expected + "\nours " + actual);
        if (c.seedFrom() == null) assertEquals(0, actual.exit(), actual.toString());
        if (!path.endsWith("/")) {
            // the destination directory itself is not part of the transfer: its mtime is when files were made in it
            Files.setLastModifiedTime(ours, java.nio.file.attribute.FileTime.fromMillis(0));
            Files.setLastModifiedTime(ref, java.nio.file.attribute.FileTime.fromMillis(0));
        }
        TreeSnapshot want = TreeSnapshot.of(ref);
        TreeSnapshot got = TreeSnapshot.of(ours);
        // both trees are written by a stock rsync client: its directory time race may hit either
        assertEquals("", DirTimeRace.diff(want, refStart, got, oursStart, true), c.name());
        assertEquals(want.hardLinkGroups(), got.hardLinkGroups());
        assertEquals("", storeBefore.diff(TreeSnapshot.of(server.root().resolve("web1"))), "the store changed");
        if (c.options().contains("--stats")) {
            long refLiteral = literal(expected.out());
            long ourLiteral = literal(actual.out());
            assertTrue(ourLiteral <= refLiteral + 65536, "literal data: ours " + ourLiteral + ", rsync's " + refLiteral);
            assertTrue(ourLiteral < 1_000_000, "a delta restore sent " + ourLiteral + " bytes literally");
        }
    }

    private static long literal(String stats) {
        Matcher m = Pattern.compile("Literal data: ([0-9,]+) bytes").matcher(stats);
        assertTrue(m.find(), stats);
        return Long.parseLong(m.group(1).replace(",", ""));
    }

    @Test
    void confinement() throws Exception {
        // a real symlink planted in the store (not something our receiver writes) is never followed;
        // current's mtime is put back afterwards, so that the other cases still match the reference copy
        Path current = server.root().resolve("web1/current");
        java.nio.file.attribute.FileTime currentMtime = Files.getLastModifiedTime(current, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        Files.createSymbolicLink(current.resolve("planted"), Path.of("/etc"));
        TreeSnapshot storeBefore = TreeSnapshot.of(server.root().resolve("web1"));
        TreeSnapshot otherBefore = TreeSnapshot.of(server.root().resolve("other"));
        try {
            for (String path : List.of("../other/current/", "/etc/", "current/../../other/current/", "~/",
                    "current/to-root/", "current/to-up/", "current/to-other/", "current/planted/", "current/planted/passwd")) {
                for (List<String> opts : List.of(AHAX, plus("-L"), plus("--copy-dirlinks"), plus("--copy-unsafe-links"),
                        plus("--safe-links"), plus("-K"))) {
                    Path dest = server.scratch().resolve("attack-" + (++n));
                    Files.createDirectories(dest);
                    Cmd.Result r = pullFromServer(opts, path, dest);
                    String found = Cmd.run(List.of("find", dest.toString(), "-type", "f")).ok().out();
                    assertFalse(found.contains("passwd") || found.contains("secret") || found.contains("hostname"),
                            path + " " + opts + " brought " + found + "\n" + r);
                    if (!path.startsWith("current/to-") || opts != AHAX) {
                        // leaving the directory is refused; the stored symlinks come back as symlinks only with plain -a
                        assertTrue(r.exit() != 0 || Cmd.run(List.of("find", dest.toString(), "-mindepth", "1", "-not", "-type", "l"))
                                .ok().out().isBlank(), path + " " + opts + ": " + r);
                    }
                }
            }
            Path dest = server.scratch().resolve("remove-" + (++n));
            Files.createDirectories(dest);
            Cmd.Result rm = pullFromServer(plus("--remove-source-files"), "current/dir/", dest);
            assertNotEquals(0, rm.exit(), rm.toString());
            assertTrue(rm.err().contains("remove-source-files"), rm.toString());
            assertEquals("", storeBefore.diff(TreeSnapshot.of(server.root().resolve("web1"))), "the store changed");
            assertEquals("", otherBefore.diff(TreeSnapshot.of(server.root().resolve("other"))), "the other store changed");
        } finally {
            Files.delete(current.resolve("planted"));
            Files.setLastModifiedTime(current, currentMtime);
        }
    }
}
