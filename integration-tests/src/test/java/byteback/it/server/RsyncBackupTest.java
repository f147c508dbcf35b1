package byteback.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import byteback.it.support.TreeSnapshot;
import byteback.testsupport.LocalShell;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Stock rsync over OpenSSH's ssh with byteback's flags into the server: what lands in current is
 * what stock rsync --fake-super stores from the same command.
 */
class RsyncBackupTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("2G");
    private Path lsh;

    @BeforeEach
    void start() throws Exception {
        // a "remote shell" that runs the command here: stock rsync --fake-super --server as the reference
        lsh = LocalShell.create(server.scratch());
    }

    private static List<String> bytebackFlags() {
        return new ArrayList<>(List.of("rsync", "--archive", "--xattrs", "--numeric-ids", "--delete-excluded",
                "--delete-during", "--inplace", "--relative", "--timeout", "60", "--rsync-path", "rsync --fake-super"));
    }

    private Cmd.Result backup(ClientKey key, Path source, String dest, String... extra) throws Exception {
        List<String> cmd = bytebackFlags();
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("-e", server.rsh(key), source.toString(), "byteback@127.0.0.1:" + dest));
        return Cmd.run(cmd, Map.of(), null, 300);
    }

    private void reference(Path source, Path into) throws Exception {
        Files.createDirectories(into);
        List<String> cmd = bytebackFlags();
        cmd.addAll(List.of("-e", lsh.toString(), source.toString(), "localhost:" + into));
        Cmd.run(cmd, Map.of(), null, 300).ok();
    }

    private static void makeTree(Path root, long seed, int files) throws Exception {
        Random r = new Random(seed);
        Files.createDirectories(root.resolve("etc/conf.d"));
        Files.createDirectories(root.resolve("home/user/docs"));
        for (int i = 0; i < files; i++) {
            Path p = root.resolve(i % 3 == 0 ? "etc/conf.d" : "home/user/docs").resolve("file " + i + ".txt");
            byte[] data = new byte[r.nextInt(i % 10 == 0 ? 300_000 : 5_000)];
            r.nextBytes(data);
            Files.write(p, data);
        }
        Path script = root.resolve("home/user/run.sh");
        Files.writeString(script, "#!/bin/sh\necho hi\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.createSymbolicLink(root.resolve("home/user/link"), Path.of("docs/file 1.txt"));
        Cmd.run(List.of("setfattr", "-n", "user.origin", "-v", "test", root.resolve("etc/conf.d/file 0.txt").toString())).ok();
        Cmd.run(List.of("chown", "1234:4321", script.toString())).ok();
        settle(root, 86_400 * 2);
        Files.setLastModifiedTime(root.resolve("etc/conf.d/file 3.txt"), FileTime.fromMillis(86_400_000L * 400));
    }

    /**
     * Dates every entry some seconds back. rsync (modify_window 0) leaves a directory's mtime alone
     * when it is within the same second as the source's, so a tree made and copied within one second
     * would depend on timing.
     */
    private static void settle(Path root, long secondsAgo) throws Exception {
        long t = System.currentTimeMillis() / 1000 - secondsAgo;
        Cmd.run(List.of("find", root.toString(), "-exec", "touch", "-h", "-d", "@" + t, "{}", "+")).ok();
    }

    /**
     * --relative recreates the source's absolute path beneath the destination; the source's own
     * tree is compared (its implied parents are this test's scratch directories, which change).
     */
    private static void assertSameTree(Path source, Path expected, Path actual) throws Exception {
        String rel = source.toString().substring(1);
        TreeSnapshot want = TreeSnapshot.of(expected.resolve(rel));
        TreeSnapshot got = TreeSnapshot.of(actual.resolve(rel));
        assertEquals("", want.diff(got));
        assertTrue(want.entries().size() > 1, want.entries().keySet().toString());
    }

    @Test
    void aBackupStoresWhatRsyncFakeSuperStoresAndCompleteFreezesIt() throws Exception {
        ClientKey key = ClientKey.create(server.scratch(), "web1");
        server.enrol("web1", key);
        Path src = server.scratch().resolve("src");
        makeTree(src, 1, 60);
        Path current = server.root().resolve("web1/current");
        Path ref = server.scratch().resolve("ref");

        // the original clients' destination: user@host: (an empty path)
        backup(key, src, "").ok();
        reference(src, ref);
        assertSameTree(src, ref, current);

        // edits, deletions, a new file: the second run converges the same way
        Files.writeString(src.resolve("etc/conf.d/file 0.txt"), "changed");
        Files.delete(src.resolve("home/user/docs/file 2.txt"));
        Files.writeString(src.resolve("home/user/new"), "new");
        settle(src, 3600);
        backup(key, src, ".").ok();
        reference(src, ref);
        assertSameTree(src, ref, current);

        Cmd.Result done = server.ssh(key, "byteback-receive", "--complete").ok();
        assertTrue(done.out().contains("taken"), done.toString());
        List<Path> snaps;
        try (Stream<Path> s = Files.list(server.root().resolve("web1"))) {
            snaps = s.filter(p -> !p.getFileName().toString().equals("current")).toList();
        }
        assertEquals(1, snaps.size());
        assertSameTree(src, ref, snaps.get(0));
        // a read-only snapshot: a later backup changes current only
        Files.writeString(src.resolve("home/user/new"), "newer");
        backup(key, src, "").ok();
        assertEquals("new", Files.readString(snaps.get(0).resolve(src.toString().substring(1)).resolve("home/user/new")));
    }

    @Test
    void oneBackupAtATimePerClientAndADroppedClientHurtsNothing() throws Exception {
        ClientKey key = ClientKey.create(server.scratch(), "slow");
        server.enrol("slow", key);
        Path src = server.scratch().resolve("big");
        Files.createDirectories(src);
        byte[] chunk = new byte[1 << 20];
        new Random(7).nextBytes(chunk);
        try (var out = Files.newOutputStream(src.resolve("large"))) {
            for (int i = 0; i < 40; i++) out.write(chunk);
        }
        settle(src, 60);
        // The first client is held mid-file: its remote shell passes its first 2 MiB (the file list and
        // the start of "large") and then nothing more, so its backup is certainly running, and cannot
        // finish, while the second one asks (no --timeout: the server waits as long as it takes).
        List<String> cmd = bytebackFlags();
        int timeout = cmd.indexOf("--timeout");
        cmd.subList(timeout, timeout + 2).clear();
        Path holding = LocalShell.holding(server.scratch(), 2 << 20, server.rsh(key));
        cmd.addAll(List.of("-e", holding.toString(), src.toString(), "byteback@127.0.0.1:"));
        Process first = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(server.scratch().resolve("first.log").toFile()).start();
        try {
            Path partial = server.root().resolve("slow/current").resolve(src.toString().substring(1)).resolve("large");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (!(Files.exists(partial) && Files.size(partial) > 0)) {
                assertTrue(first.isAlive(), "the first backup ended: " + Files.readString(server.scratch().resolve("first.log")));
                assertTrue(System.nanoTime() < deadline, "the first backup never wrote into large");
                Thread.sleep(50);
            }
            Cmd.Result second = backup(key, src, "");
            assertNotEquals(0, second.exit());
            assertTrue(second.err().contains("already running"), second.toString());
            assertTrue(first.isAlive(), "the first backup was still held");
        } finally {
            first.descendants().forEach(ProcessHandle::destroyForcibly);
            first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        // the client dropped mid-transfer; the next run completes and is right (the server may take
        // a moment to notice the dropped connection and let the lock go)
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (true) {
            Cmd.Result again = backup(key, src, "");
            if (again.exit() == 0) break;
            assertTrue(again.err().contains("already running"), again.toString());
            assertTrue(System.nanoTime() < deadline, "the dropped client's lock was never released: " + again);
            Thread.sleep(200);
        }
        Path ref = server.scratch().resolve("ref");
        reference(src, ref);
        assertSameTree(src, ref, server.root().resolve("slow/current"));
    }

    @Test
    void twentyClientsBackUpAtOnce() throws Exception {
        int n = 20;
        List<ClientKey> keys = new ArrayList<>();
        List<Path> sources = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ClientKey k = ClientKey.create(server.scratch(), "k" + i);
            server.enrol("host" + i, k);
            keys.add(k);
            Path src = server.scratch().resolve("src" + i);
            makeTree(src, i, 20);
            sources.add(src);
        }
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Future<Cmd.Result>> runs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int j = i;
                runs.add(pool.submit(() -> backup(keys.get(j), sources.get(j), "")));
            }
            for (Future<Cmd.Result> f : runs) f.get().ok();
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < n; i++) {
            Path ref = server.scratch().resolve("ref" + i);
            reference(sources.get(i), ref);
            assertSameTree(sources.get(i), ref, server.root().resolve("host" + i + "/current"));
        }
    }
}
