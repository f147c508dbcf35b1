package byteback.it.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerProcess;
import byteback.it.support.TreeSnapshot;
import byteback.server.cli.Main;
import byteback.testsupport.LocalShell;
import byteback.testsupport.LoopBtrfs;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Thousands of connections that send an SSH banner and then nothing (issue 14 item 2), against the
 * server jar with a small heap, while an honest stock-rsync backup runs from another address: the
 * limits close the flood's connections at once (and the rest at the login grace time), the
 * server's memory stays bounded, and the honest backup completes and equals rsync --fake-super's.
 */
class ConnectionFloodTest {
    /** Heap of the server under test; its RSS may grow by at most {@link #RSS_GROWTH_MIB} during the flood. */
    private static final String HEAP = "-Xmx64m";
    private static final long RSS_GROWTH_MIB = 40;

    private LoopBtrfs fs;
    private ServerProcess server;
    private final List<Socket> flood = new ArrayList<>();

    @BeforeEach
    void create() throws IOException {
        fs = LoopBtrfs.create("1G");
    }

    @AfterEach
    void cleanUp() throws IOException {
        for (Socket s : flood) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        try {
            if (server != null) server.close();
        } finally {
            fs.close();
        }
    }

    private void start(String... serveArgs) throws Exception {
        server = ServerProcess.start(fs.mountPoint(), fs.dir().resolve("server.log"),
                List.of(HEAP, "-XX:+UseSerialGC"), serveArgs);
    }

    /** Opens {@code n} connections from {@code source} (a loopback address), each sending only a banner. */
    private int open(String source, int n) throws IOException {
        InetAddress from = InetAddress.getByName(source);
        int opened = 0;
        for (int i = 0; i < n; i++) {
            Socket s = new Socket();
            flood.add(s);
            try {
                s.bind(new InetSocketAddress(from, 0));
                s.connect(new InetSocketAddress("127.0.0.1", server.port()), 5000);
                s.getOutputStream().write("SSH-2.0-flood\r\n".getBytes(StandardCharsets.US_ASCII));
                opened++;
            } catch (IOException e) {
                // refused or reset before the banner went out: the server did not keep it either
            }
        }
        return opened;
    }

    /** Whether the server has closed this connection (EOF or reset); reads whatever it sent. */
    private static boolean closedByServer(Socket s) {
        if (s.isClosed() || !s.isConnected()) return true;
        try {
            s.setSoTimeout(1);
            InputStream in = s.getInputStream();
            byte[] b = new byte[4096];
            while (true) {
                if (in.read(b) < 0) return true;
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private int stillOpen() {
        int n = 0;
        for (Socket s : flood) {
            if (!closedByServer(s)) n++;
        }
        return n;
    }

    private int waitUntilAtMost(int open, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        int n;
        while ((n = stillOpen()) > open && System.nanoTime() < deadline) Thread.sleep(200);
        return n;
    }

    private static List<String> rsyncFlags() {
        return new ArrayList<>(List.of("rsync", "--archive", "--xattrs", "--numeric-ids", "--delete-during",
                "--inplace", "--relative", "--timeout", "120", "--rsync-path", "rsync --fake-super"));
    }

    private static void makeTree(Path root, int files) throws IOException {
        Random r = new Random(3);
        for (int i = 0; i < files; i++) {
            Path p = root.resolve("d" + i % 7).resolve("f" + i);
            Files.createDirectories(p.getParent());
            byte[] data = new byte[r.nextInt(20_000)];
            r.nextBytes(data);
            Files.write(p, data);
        }
    }

    private void assertStoredAsStockRsync(Path src, String client) throws Exception {
        Path ref = fs.dir().resolve("ref");
        Files.createDirectories(ref);
        List<String> refCmd = rsyncFlags();
        refCmd.addAll(List.of("-e", LocalShell.create(fs.dir()).toString(), src.toString(), "localhost:" + ref));
        Cmd.run(refCmd, Map.of(), null, 300).ok();
        String rel = src.toString().substring(1);
        TreeSnapshot want = TreeSnapshot.of(ref.resolve(rel));
        assertEquals("", want.diff(TreeSnapshot.of(fs.mountPoint().resolve(client + "/current").resolve(rel))));
        assertTrue(want.entries().size() > 300);
    }

    @Test
    void aBannerOnlyFloodIsCutWhileAnHonestBackupCompletes() throws Exception {
        start("--max-startups-per-address", "8", "--login-grace-time", "40s");
        ClientKey key = ClientKey.create(fs.dir(), "honest");
        assertEquals(0, Main.run("enrol", "--root", fs.mountPoint().toString(), "--name", "honest", "--key",
                key.pub().toString()));
        Path src = fs.dir().resolve("src");
        makeTree(src, 300);
        List<String> ping = server.ssh(key);
        ping.addAll(List.of("byteback@127.0.0.1", "byteback-receive", "--ping"));
        Cmd.run(ping, Map.of(), null, 60).ok(); // the server has served one client: a fair baseline
        long before = server.statusKiB("VmRSS");

        // 4 000 connections from four addresses, each held open by this test
        int opened = 0;
        for (int a = 2; a <= 5; a++) opened += open("127.0.0.1".replaceFirst("1$", String.valueOf(a)), 1000);
        // each address may hold 8 unauthenticated connections: the server closes every other at once,
        // well before the login grace time (40 s; up to 30 s allowed for a loaded machine to accept them)
        int open = waitUntilAtMost(32, 30);
        long flooded = server.statusKiB("VmRSS");
        System.out.printf("flood: %d connections opened, %d still open; RSS before %d MiB, after %d MiB%n", opened,
                open, before >> 10, flooded >> 10);
        assertTrue(open <= 32, open + " of " + opened + " flood connections are still open; the server keeps at most 4 x 8");

        List<String> backup = rsyncFlags();
        backup.addAll(List.of("-e", String.join(" ", server.ssh(key)), src.toString(), "byteback@127.0.0.1:"));
        Cmd.Result honest = Cmd.run(backup, Map.of(), null, 300);
        assertEquals(0, honest.exit(), honest + "\n" + server.log());
        assertStoredAsStockRsync(src, "honest");

        // the connections it kept are closed at the login grace time
        assertEquals(0, waitUntilAtMost(0, 120), "flood connections outlive the login grace time");
        long peak = server.statusKiB("VmHWM");
        String log = server.log();
        assertTrue(server.isAlive(), log);
        assertFalse(log.contains("OutOfMemoryError"), log);
        assertTrue(log.contains("refused: per-address limit (8 unauthenticated) reached"), log);
        System.out.printf("flood: %d connections opened, RSS before %d MiB, peak %d MiB%n", opened, before >> 10, peak >> 10);
        assertTrue(peak - before < RSS_GROWTH_MIB << 10, "RSS grew from " + (before >> 10) + " MiB to a peak of "
                + (peak >> 10) + " MiB");
    }

    @Test
    void maxStartupsDropsAtRandomBetweenStartAndFullAndHonestClientsGetInAfterwards() throws Exception {
        start("--max-startups", "20:50:60", "--max-startups-per-address", "1000", "--login-grace-time", "20s");
        ClientKey key = ClientKey.create(fs.dir(), "honest");
        assertEquals(0, Main.run("enrol", "--root", fs.mountPoint().toString(), "--name", "honest", "--key",
                key.pub().toString()));
        int opened = open("127.0.0.2", 600);
        // the server closes what it drops at accept: wait until it has accepted (and dropped) enough to
        // be at most at full (60), well inside the login grace time (20 s), which would close them all
        int open = waitUntilAtMost(60, 15);
        assertTrue(open >= 20 && open <= 60, open + " of " + opened + " held: want between start (20) and full (60)");
        assertTrue(server.log().contains("max-startups: "), server.log());
        // the deadline frees the slots; then an honest client gets in
        assertEquals(0, waitUntilAtMost(0, 90), "flood connections outlive the login grace time");
        List<String> ping = server.ssh(key);
        ping.addAll(List.of("byteback@127.0.0.1", "byteback-receive", "--ping"));
        Cmd.run(ping, Map.of(), null, 60).ok();
    }
}
