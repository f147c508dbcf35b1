package byteback.it.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerJar;
import byteback.it.support.TreeSnapshot;
import byteback.rsync.wire.IoClock;
import byteback.rsync.wire.WireWriter;
import byteback.server.cli.Main;
import byteback.testsupport.LocalShell;
import byteback.testsupport.LoopBtrfs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server jar run as operators run it but with a small heap (-Xmx128m): four hostile clients
 * stream endless file lists at once while an honest client backs up with stock rsync over OpenSSH.
 * The per-list limit and the server-wide memory budget must end the hostile connections with a
 * clear error before the heap runs out; the honest backup completes and stores what rsync
 * --fake-super stores; the server stays up.
 */
class HostileListsSmallHeapTest {
    private static final int HOSTILE = 4;
    /**
     * The server's shared file-list budget: a fifth of the heap, below each list's own limit (a
     * quarter of the heap), so every hostile list is ended by the shared budget, whatever the order
     * in which the server happens to read the four of them (with the default half of the heap,
     * whether the budget or a list's own limit ends them depends on how their growth interleaves).
     */
    private static final String BUDGET = "20%";

    private LoopBtrfs fs;
    private Process server;
    private Path serverLog;
    private int port;

    @BeforeEach
    void start() throws Exception {
        fs = LoopBtrfs.create("1G");
        serverLog = fs.dir().resolve("server.log");
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (server != null) {
                server.destroy();
                if (!server.waitFor(20, TimeUnit.SECONDS)) {
                    server.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
                }
            }
        } finally {
            fs.close();
        }
    }

    private void startServer(String... javaOptions) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(javaOptions));
        cmd.addAll(List.of("-jar", ServerJar.path().toString(), "serve", "--root", fs.mountPoint().toString(),
                "--port", String.valueOf(port), "--listen", "127.0.0.1", "--memory-budget", BUDGET));
        server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(serverLog.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                return;
            } catch (IOException e) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("server did not start:\n" + Files.readString(serverLog));
                }
                Thread.sleep(200);
            }
        }
    }

    private List<String> ssh(ClientKey key) {
        return new ArrayList<>(List.of("ssh", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "LogLevel=ERROR", "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "ConnectTimeout=20",
                "-p", String.valueOf(port), "-i", key.file().toString()));
    }

    private void enrol(String name, ClientKey key) {
        int rc = Main.run(new String[] {"enrol", "--root", fs.mountPoint().toString(), "--name", name, "--key",
                key.pub().toString()});
        assertEquals(0, rc, "enrol " + name);
    }

    private record Hostile(int exit, long entriesSent, String output) {}

    /**
     * A sender (protocol 31, as {@code rsync -r}) whose file list never ends: 250-byte names, until
     * the server hangs up or 4 million entries (about 1.6 GB of list) are out.
     */
    private Hostile hostile(ClientKey key) throws Exception {
        List<String> cmd = ssh(key);
        cmd.addAll(List.of("byteback@127.0.0.1", "rsync", "--server", "-re.LsfxCIu", ".", "."));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        Thread reader = new Thread(() -> copy(p.getInputStream(), got));
        reader.start();
        long sent = 0;
        try (OutputStream raw = p.getOutputStream()) {
            WireWriter out = new WireWriter(raw, new IoClock());
            out.writeInt(31);
            out.startMultiplex();
            byte[] name = ("x".repeat(241) + "000000000").getBytes(StandardCharsets.US_ASCII);
            for (; sent < 4_000_000; sent++) {
                long n = sent;
                for (int i = name.length - 1; i >= name.length - 9; i--) {
                    name[i] = (byte) ('0' + n % 10);
                    n /= 10;
                }
                out.writeByte(0x40); // XMIT_LONG_NAME (rsync: flist.c send_file_entry)
                out.writeVarint(name.length);
                out.write(name, 0, name.length);
                out.writeVarlong(1, 3);
                out.writeVarlong(1_700_000_000L, 4);
                out.writeInt(0100644);
            }
            out.flush();
        } catch (IOException e) {
            // the server hung up: what we expect
        }
        boolean ended = p.waitFor(120, TimeUnit.SECONDS);
        if (!ended) {
            p.destroyForcibly().waitFor();
        }
        reader.join(10_000);
        return new Hostile(ended ? p.exitValue() : -1, sent, got.toString(StandardCharsets.ISO_8859_1));
    }

    private static void copy(InputStream in, ByteArrayOutputStream to) {
        byte[] b = new byte[8192];
        try {
            for (int n; (n = in.read(b)) > 0; ) {
                synchronized (to) {
                    to.write(b, 0, n);
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    private static void makeTree(Path root, int files) throws IOException {
        Random r = new Random(7);
        for (int i = 0; i < files; i++) {
            Path p = root.resolve("d" + i % 10).resolve("file-" + i);
            Files.createDirectories(p.getParent());
            byte[] data = new byte[r.nextInt(i % 25 == 0 ? 400_000 : 4_000)];
            r.nextBytes(data);
            Files.write(p, data);
        }
    }

    private static List<String> rsyncFlags() {
        return new ArrayList<>(List.of("rsync", "--archive", "--xattrs", "--numeric-ids", "--delete-excluded",
                "--delete-during", "--inplace", "--relative", "--timeout", "120", "--rsync-path", "rsync --fake-super"));
    }

    @Test
    void hostileListsEndWithAnErrorWhileAnHonestBackupCompletes() throws Exception {
        startServer("-Xmx128m", "-XX:+UseSerialGC");
        List<ClientKey> hostileKeys = new ArrayList<>();
        for (int i = 0; i < HOSTILE; i++) {
            ClientKey k = ClientKey.create(fs.dir(), "evil" + i);
            enrol("evil" + i, k);
            hostileKeys.add(k);
        }
        ClientKey honestKey = ClientKey.create(fs.dir(), "honest");
        enrol("honest", honestKey);
        Path src = fs.dir().resolve("src");
        makeTree(src, 1500);

        ExecutorService pool = Executors.newFixedThreadPool(HOSTILE + 1);
        List<Hostile> hostiles = new ArrayList<>();
        Cmd.Result honest;
        try {
            List<Future<Hostile>> futures = new ArrayList<>();
            for (ClientKey k : hostileKeys) {
                futures.add(pool.submit(() -> hostile(k)));
            }
            Thread.sleep(2000); // the hostile lists are growing (the outcome does not depend on how far)
            List<String> cmd = rsyncFlags();
            cmd.addAll(List.of("-e", String.join(" ", ssh(honestKey)), src.toString(), "byteback@127.0.0.1:"));
            Future<Cmd.Result> h = pool.submit(() -> Cmd.run(cmd, Map.of(), null, 600));
            for (Future<Hostile> f : futures) {
                hostiles.add(f.get(10, TimeUnit.MINUTES));
            }
            honest = h.get(10, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        String log = Files.readString(serverLog);
        assertFalse(log.contains("OutOfMemoryError"), log);
        assertTrue(server.isAlive(), "the server is still running:\n" + log);
        assertEquals(0, honest.exit(), honest + "\nserver log:\n" + log);
        int refusedByThePool = 0;
        for (Hostile h : hostiles) {
            System.out.println("hostile: exit " + h.exit() + " after " + h.entriesSent() + " entries sent");
            if (h.output().contains("out of memory")) {
                refusedByThePool++;
            }
            assertNotEquals(0, h.exit(), h.toString());
            assertTrue(h.entriesSent() < 4_000_000, "the server hung up on an endless list: " + h.entriesSent());
            assertTrue(h.output().contains("exceeds its memory limit") || h.output().contains("out of memory"),
                    h.exit() + " after " + h.entriesSent() + " entries: " + h.output());
        }
        // each list's own limit (a quarter of the heap) is above the shared budget (a fifth): every one
        // of them is ended by the budget, the largest holder first, while the honest backup waits
        assertEquals(HOSTILE, refusedByThePool, "connections refused by the shared budget");
        assertTrue(log.contains("exit=22 result=rsync exit 22: refused, the server's memory budget"), log);

        // what was stored is what stock rsync --fake-super stores from the same command
        Path ref = fs.dir().resolve("ref");
        Files.createDirectories(ref);
        Path lsh = LocalShell.create(fs.dir());
        List<String> refCmd = rsyncFlags();
        refCmd.addAll(List.of("-e", lsh.toString(), src.toString(), "localhost:" + ref));
        Cmd.run(refCmd, Map.of(), null, 300).ok();
        String rel = src.toString().substring(1);
        TreeSnapshot want = TreeSnapshot.of(ref.resolve(rel));
        TreeSnapshot got = TreeSnapshot.of(fs.mountPoint().resolve("honest/current").resolve(rel));
        assertEquals("", want.diff(got));
        assertTrue(want.entries().size() > 1500);

        // a second honest backup after the attack still works (every reservation came back)
        List<String> again = rsyncFlags();
        again.addAll(List.of("-e", String.join(" ", ssh(honestKey)), src.toString(), "byteback@127.0.0.1:"));
        Cmd.run(again, Map.of(), null, 300).ok();
    }
}
