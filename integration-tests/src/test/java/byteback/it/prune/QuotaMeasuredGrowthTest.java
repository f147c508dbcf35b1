package byteback.it.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.btrfs.Btrfs;
import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import byteback.server.prune.GrowthLimit;
import byteback.server.prune.GrowthWindow;
import byteback.server.prune.PruneService;
import byteback.server.prune.PruneSettings;
import byteback.server.ssh.ByteBackServer;
import byteback.server.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The size guard measures what a backup really makes the filesystem use where btrfs quotas are
 * enabled (issue 14 item 6), over real SSH with stock rsync into the real server on a loop
 * btrfs. The attack the estimates miss: a client whose first backup stored 20 000 directories
 * then changes every directory's time before each backup. Each such backup adds no entry and
 * no data, so the estimates charge nothing, but btrfs copies every tree block that holds those
 * directories (the snapshots keep the old ones): megabytes per backup, without end. With quotas
 * off the guard lets it through (shown first: the estimates charge 0). With quotas on it is
 * stopped with the guard's message, while an honest client's backup beside it completes; the
 * guard's count is checked against {@code btrfs qgroup show}.
 */
class QuotaMeasuredGrowthTest {
    private static final long FLOOR = 2L << 20;
    private static final int DIRS = 20_000;

    private PruneService pruning;

    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G", root -> {
        // a client may add a quarter of what it stored (5 MiB for 20 000 directories) per week
        pruning = new PruneService(root, new Btrfs(), new PruneService.Settings(PruneSettings.DEFAULTS,
                Duration.ZERO, new GrowthLimit(2.0, FLOOR), new GrowthWindow(Duration.ofDays(7), 25)),
                Clock.systemUTC());
        return new ByteBackServer.Settings(new Store(root), "127.0.0.1", 0, Duration.ZERO, Duration.ofMinutes(5),
                null, pruning, Clock.systemUTC());
    });

    private Cmd.Result backup(ClientKey key, Path source) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("rsync", "--archive", "--xattrs", "--numeric-ids",
                "--delete-during", "--inplace", "--relative", "--timeout", "120",
                "--rsync-path", "rsync --fake-super", "-e", server.rsh(key), source + "/./", "byteback@127.0.0.1:"));
        return Cmd.run(cmd, Map.of(), null, 600);
    }

    /** A snapshot of the client's current (waiting a second when one was made in this very second). */
    private void complete(ClientKey key) throws Exception {
        for (int attempt = 0; ; attempt++) {
            Cmd.Result r = server.ssh(key, "byteback-receive", "--complete").ok();
            if (r.out().contains("taken")) return;
            assertTrue(attempt < 100 && r.out().contains("try again in a second"), r::toString);
            Thread.sleep(200);
        }
    }

    private static void touchAll(Path flood, long seconds) throws IOException {
        for (int i = 0; i < DIRS; i++) {
            Files.setLastModifiedTime(flood.resolve("d" + i), FileTime.fromMillis(seconds * 1000));
        }
    }

    /** What only the client's current holds, by {@code btrfs qgroup show} after a sync: its growth since its last snapshot. */
    private long qgroupExclusive(String client) throws Exception {
        Path current = server.root().resolve(client).resolve("current");
        Cmd.run(List.of("btrfs", "filesystem", "sync", server.root().toString())).ok();
        long id = new Btrfs().info(current).id();
        String show = Cmd.run(List.of("btrfs", "qgroup", "show", "--raw", server.root().toString())).ok().out();
        for (String line : show.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 3 && f[0].equals("0/" + id)) return Long.parseLong(f[2]);
        }
        throw new AssertionError("no quota group 0/" + id + " in " + show);
    }

    @Test
    void changesTheEstimatesMissAreStoppedByTheQuotaGroupsMeasureWhileAnHonestBackupCompletes() throws Exception {
        Path scratch = server.scratch();
        Path src = scratch.resolve("src-churn");
        Path flood = src.resolve("flood");
        Files.createDirectories(flood);
        for (int i = 0; i < DIRS; i++) Files.createDirectory(flood.resolve("d" + i));
        ClientKey churn = ClientKey.create(scratch, "churn");
        server.enrol("churn", churn);
        backup(churn, src).ok();
        complete(churn);

        Path honestSrc = scratch.resolve("src-honest");
        Files.createDirectories(honestSrc.resolve("data"));
        Random random = new Random(14);
        for (int i = 0; i < 20; i++) {
            byte[] data = new byte[256 << 10];
            random.nextBytes(data);
            Files.write(honestSrc.resolve("data/file-" + i), data);
        }
        ClientKey honest = ClientKey.create(scratch, "honest");
        server.enrol("honest", honest);
        backup(honest, honestSrc).ok();
        complete(honest);

        // quotas off: a round of changed times costs the estimates nothing, and goes through
        touchAll(flood, 1_000_000);
        backup(churn, src).ok();
        assertEquals(0, pruning.pending("churn"), "the estimates see no cost in changed times");
        assertTrue(Files.readString(server.root().resolve(".byteback/status/churn")).contains("success"));
        complete(churn);

        Cmd.run(List.of("btrfs", "quota", "enable", server.root().toString())).ok();
        Cmd.run(List.of("btrfs", "quota", "rescan", "-w", server.root().toString())).ok();

        // quotas on: the honest client's day's changes (3 files rewritten, 2 new: 1.25 MiB, under
        // the floor) beside the churning client's rounds
        for (int i = 17; i < 22; i++) {
            byte[] data = new byte[256 << 10];
            random.nextBytes(data);
            Files.write(honestSrc.resolve("data/file-" + i), data);
        }
        ExecutorService pool = Executors.newSingleThreadExecutor();
        Cmd.Result stopped = null;
        int round = 0;
        try {
            Future<Cmd.Result> honestRun = pool.submit(() -> backup(honest, honestSrc));
            while (stopped == null) {
                round++;
                assertTrue(round <= 3, "the churning client was never stopped");
                touchAll(flood, 1_000_000 + round);
                Cmd.Result r = backup(churn, src);
                System.out.println("round " + round + ": " + r);
                if (r.exit() != 0) {
                    stopped = r;
                    break;
                }
                long measured = qgroupExclusive("churn");
                long counted = pruning.pending("churn");
                System.out.printf("round %d: the guard counted %d bytes, btrfs qgroup show: %d exclusive in current%n",
                        round, counted, measured);
                assertTrue(measured > 1 << 20, "btrfs copied megabytes of tree blocks: " + measured);
                assertTrue(counted >= measured - (64 << 10) && counted <= measured,
                        "the guard counts what btrfs qgroup show measures: " + counted + " of " + measured);
                complete(churn);
            }
            honestRun.get(10, TimeUnit.MINUTES).ok();
        } finally {
            pool.shutdownNow();
        }
        assertEquals(11, stopped.exit(), stopped::toString);
        Cmd.Result why = stopped;
        assertTrue(why.err().contains("grown by") && why.err().contains("allow-growth")
                && why.err().contains("--name churn"), () -> "the client is told why and how: " + why);
        Path record = server.root().resolve(".byteback/status/churn");
        for (int i = 0; i < 1200 && !Files.readString(record).contains("grown by"); i++) {
            Thread.sleep(100); // the server records the attempt as its session ends, after the client's exit
        }
        String status = Files.readString(record);
        assertTrue(status.contains("grown by"), () -> "the refusal is on record: " + status);
        String log = Cmd.run(List.of("btrfs", "qgroup", "show", server.root().toString())).ok().out();
        System.out.println("stopped in round " + round + "\n" + log);

        complete(honest);
        for (int i = 0; i < 22; i++) {
            assertArrayEquals(Files.readAllBytes(honestSrc.resolve("data/file-" + i)),
                    Files.readAllBytes(server.root().resolve("honest/current/data/file-" + i)), "file-" + i);
        }
    }
}
