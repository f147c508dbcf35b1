package byteback.it.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import byteback.rsync.memory.MemoryBudget;
import byteback.server.ssh.ByteBackServer;
import byteback.server.ssh.ConnectionLimits;
import byteback.server.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14 item 8: a session has a length limit, so a client that sends its file list and then
 * trickles its data cannot hold its share of the server's memory budget (and its lock) for ever.
 * With --max-session-time 15s, a stock rsync backup throttled to 1 KiB/s (a 2 MiB file: over half
 * an hour) is ended, told why, and everything it held comes back; the client's next backup works.
 */
class MaxSessionTimeTest {
    private final MemoryBudget budget = new MemoryBudget(256L << 20);

    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G", root -> ByteBackServer.Settings.of(new Store(root), 0)
            .withMemory(budget).withLimits(ConnectionLimits.DEFAULTS.withMaxSessionTime(Duration.ofSeconds(15))));

    @Test
    void aTricklingBackupIsEndedAtTheLimitAndGivesEverythingBack() throws Exception {
        ClientKey key = ClientKey.create(server.scratch(), "k");
        server.enrol("alpha", key);
        Path src = server.scratch().resolve("src");
        Files.createDirectories(src);
        byte[] data = new byte[2 << 20];
        new Random(1).nextBytes(data);
        Files.write(src.resolve("big"), data);

        Path log = server.scratch().resolve("rsync.log");
        Process rsync = new ProcessBuilder("rsync", "-a", "--bwlimit=1", "-e", server.rsh(key), src + "/",
                "byteback@127.0.0.1:").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // the list is in: the session holds its share of the budget
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
            while (budget.reserved() == 0 && rsync.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
            assertTrue(budget.reserved() > 0, "the session never held memory: " + Files.readString(log));
            assertTrue(rsync.waitFor(3, TimeUnit.MINUTES), "the trickling backup was not ended");
        } finally {
            rsync.destroyForcibly();
        }
        String out = Files.readString(log);
        assertNotEquals(0, rsync.exitValue(), out);
        assertTrue(out.contains("byteback: this command ran for the server's limit of 15 s (serve --max-session-time)"
                + " and was ended"), out);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (budget.openReservations() > 0 && System.nanoTime() < deadline) Thread.sleep(20);
        assertEquals(0, budget.openReservations(), "the ended session's reservation is closed");
        assertEquals(0, budget.reserved(), "everything is given back");

        // the lock is free again and a backup that fits the limit works
        Files.write(src.resolve("big"), new byte[] {1, 2, 3});
        Cmd.Result again = Cmd.run(List.of("rsync", "-a", "-e", server.rsh(key), src + "/", "byteback@127.0.0.1:"));
        assertEquals(0, again.exit(), again.toString());
        assertEquals(3, Files.size(server.root().resolve("alpha/current/big")));
    }
}
