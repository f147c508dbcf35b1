package byteback.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import byteback.it.support.TreeSnapshot;
import byteback.rsync.compress.Compression;
import byteback.testsupport.LocalShell;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Hostile clients speak to the real SSH server through OpenSSH's ssh while an honest client's
 * stock rsync backup runs: the honest backup completes and stores what rsync --fake-super
 * stores; each attack ends its own connection with an rsync error; a stalled client is cut by
 * its --timeout; the hostile clients' stored data and snapshot stay as they were; the server
 * still answers --ping for everyone afterwards.
 */
class HostileBesideHonestTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");

    private static final String FLAGS = "-re.LsfxCIu";

    private static List<String> bytebackFlags() {
        return new ArrayList<>(List.of("rsync", "--archive", "--xattrs", "--numeric-ids", "--delete-excluded",
                "--delete-during", "--inplace", "--relative", "--timeout", "60", "--rsync-path", "rsync --fake-super"));
    }

    private Cmd.Result backup(ClientKey key, Path source) throws Exception {
        List<String> cmd = bytebackFlags();
        cmd.addAll(List.of("-e", server.rsh(key), source.toString(), "byteback@127.0.0.1:"));
        return Cmd.run(cmd, Map.of(), null, 300);
    }

    private static void makeTree(Path root, long seed, int files) throws Exception {
        Random r = new Random(seed);
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("home/docs"));
        for (int i = 0; i < files; i++) {
            byte[] data = new byte[r.nextInt(i % 20 == 0 ? 2_000_000 : 20_000)];
            r.nextBytes(data);
            Files.write(root.resolve(i % 3 == 0 ? "etc" : "home/docs").resolve("file " + i), data);
        }
        Files.createSymbolicLink(root.resolve("home/link"), Path.of("docs/file 1"));
        long t = System.currentTimeMillis() / 1000 - 86_400;
        Cmd.run(List.of("find", root.toString(), "-exec", "touch", "-h", "-d", "@" + t, "{}", "+")).ok();
    }

    /**
     * What a client has stored: every entry with type, content, mode, owner, xattrs and mtime,
     * except directories' mtimes (a temp file that came and went moves them, as with rsync).
     */
    private static Map<String, TreeSnapshot.Entry> stored(Path dir) throws IOException {
        Map<String, TreeSnapshot.Entry> m = new java.util.TreeMap<>();
        for (TreeSnapshot.Entry e : TreeSnapshot.of(dir).entries().values()) {
            m.put(e.path(), e.type() == 'd' ? new TreeSnapshot.Entry(e.path(), 'd', e.content(), e.mode(), e.uid(),
                    e.gid(), 0, e.xattrs()) : e);
        }
        return m;
    }

    /** One attack: the client's bytes piped into ssh ... rsync --server; returns how it ended. */
    private Cmd.Result attack(ClientKey key, byte[] stream, String... rsyncArgs) throws Exception {
        Path in = Files.createTempFile(server.scratch(), "attack", ".bin");
        Files.write(in, stream);
        List<String> cmd = server.sshBase(key);
        cmd.add("byteback@127.0.0.1");
        cmd.addAll(List.of("rsync", "--server"));
        cmd.addAll(List.of(rsyncArgs));
        cmd.addAll(List.of(".", "."));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(in.toFile());
        return finish(pb.start(), 60);
    }

    private static Cmd.Result finish(Process p, int seconds) throws Exception {
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        try {
            assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "the server must end a hostile connection by itself");
            return new Cmd.Result(p.exitValue(), new String(out.join(), StandardCharsets.ISO_8859_1),
                    new String(err.join(), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    private static byte[] readAll(java.io.InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /** Each hostile client's attacks, one after the other (one backup at a time per client). */
    private void attacks(ClientKey key) throws Exception {
        byte[] evil = "evil\n".getBytes(StandardCharsets.UTF_8);
        byte[] sum = new byte[16];
        List<byte[]> streams = List.of(
                new HostileStream(Compression.NONE).entry(".", 0, 040755).entry("../../escape", 5, 0100644)
                        .endOfList().transfer(1, evil, sum).done().bytes(),
                new HostileStream(Compression.NONE).entry(".", 0, 040755).entry("/etc/passwd", 5, 0100644)
                        .endOfList().transfer(1, evil, sum).done().bytes(),
                new HostileStream(Compression.NONE).entry(".", 0, 040755).entry("f\0/../x", 5, 0100644)
                        .endOfList().done().bytes());
        for (byte[] s : streams) {
            Cmd.Result r = attack(key, s, FLAGS);
            assertEquals(12, r.exit(), r.toString());
            assertTrue(r.out().contains("protocol error"), r.toString());
        }
        // a zstd bomb with a wrong checksum, aimed at the stored file: discarded, the file kept (the
        // client then skips the redo; as with rsync that is no error of the session)
        HostileStream bomb = new HostileStream(Compression.ZSTD).entry(".", 0, 040755).entry("kept", 5, 0100644)
                .endOfList().transfer(1, new byte[32 << 20], sum);
        Cmd.Result r = attack(key, bomb.done().bytes(), FLAGS, "--compress-choice=zstd");
        assertTrue(r.out().contains("failed verification -- update discarded"), r.toString());
        // cut in the middle of a file's data
        byte[] whole = new HostileStream(Compression.NONE).entry(".", 0, 040755).entry("kept", 100_000, 0100644)
                .endOfList().transfer(1, new byte[100_000], sum).done().bytes();
        r = attack(key, java.util.Arrays.copyOf(whole, whole.length / 2), FLAGS);
        assertEquals(12, r.exit(), r.toString());
    }

    /** Sends the list and half a file, then says nothing with the connection open. */
    private Cmd.Result stall(ClientKey key) throws Exception {
        byte[] whole = new HostileStream(Compression.NONE).entry(".", 0, 040755).entry("kept", 100_000, 0100644)
                .endOfList().transfer(1, new byte[100_000], new byte[16]).done().bytes();
        List<String> cmd = server.sshBase(key);
        cmd.add("byteback@127.0.0.1");
        cmd.addAll(List.of("rsync", "--server", FLAGS, "--timeout=3", ".", "."));
        Process p = new ProcessBuilder(cmd).start();
        OutputStream stdin = p.getOutputStream();
        stdin.write(whole, 0, whole.length / 2);
        stdin.flush();
        try {
            return finish(p, 60); // stdin stays open until the server gives up
        } finally {
            stdin.close();
        }
    }

    @Test
    void hostileClientsEndAloneWhileAnHonestBackupCompletes() throws Exception {
        ClientKey honest = ClientKey.create(server.scratch(), "honest");
        server.enrol("honest", honest);
        List<ClientKey> evil = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ClientKey k = ClientKey.create(server.scratch(), "evil" + i);
            server.enrol("evil" + i, k);
            evil.add(k);
            // what each hostile client stored honestly before, and a snapshot of it
            Path current = server.root().resolve("evil" + i + "/current");
            Files.writeString(current.resolve("kept"), "stored before\n");
            assertEquals(0, server.ssh(k, "byteback-receive", "--complete").exit());
        }
        List<Map<String, TreeSnapshot.Entry>> before = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            before.add(stored(server.root().resolve("evil" + i)));
        }
        Path src = server.scratch().resolve("src");
        makeTree(src, 7, 300);

        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            Future<Cmd.Result> honestRun = pool.submit(() -> backup(honest, src));
            List<Future<?>> hostile = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                ClientKey k = evil.get(i);
                hostile.add(pool.submit(() -> {
                    attacks(k);
                    return null;
                }));
            }
            Future<Cmd.Result> stalled = pool.submit(() -> stall(evil.get(2)));
            for (Future<?> f : hostile) {
                f.get(300, TimeUnit.SECONDS);
            }
            Cmd.Result s = stalled.get(120, TimeUnit.SECONDS);
            assertEquals(30, s.exit(), s.toString());
            assertTrue(s.out().contains("timeout"), s.toString());
            honestRun.get(300, TimeUnit.SECONDS).ok();
        } finally {
            pool.shutdownNow();
        }

        // the honest tree is what stock rsync --fake-super stores from the same command
        Path ref = server.scratch().resolve("ref");
        Files.createDirectories(ref);
        List<String> cmd = bytebackFlags();
        cmd.addAll(List.of("-e", LocalShell.create(server.scratch()).toString(), src.toString(), "localhost:" + ref));
        Cmd.run(cmd, Map.of(), null, 300).ok();
        String rel = src.toString().substring(1);
        TreeSnapshot want = TreeSnapshot.of(ref.resolve(rel));
        assertEquals("", want.diff(TreeSnapshot.of(server.root().resolve("honest/current").resolve(rel))));
        assertTrue(want.entries().size() > 300);

        for (int i = 0; i < 3; i++) {
            assertEquals(before.get(i), stored(server.root().resolve("evil" + i)),
                    "evil" + i + ": nothing stored changed, no temp file stayed");
            assertEquals(0, server.ssh(evil.get(i), "byteback-receive", "--ping").exit());
        }
        assertEquals(0, server.ssh(honest, "byteback-receive", "--ping").exit());
        try (var s = Files.list(server.root())) {
            assertEquals(List.of(".byteback", ".ssh", "evil0", "evil1", "evil2", "honest"),
                    s.map(p -> p.getFileName().toString()).sorted().toList(), "nothing new in ROOT");
        }
    }
}
