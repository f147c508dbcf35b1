package byteback.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14 item 10: a backup whose client is killed mid-transfer gives its lock up so that the
 * client's immediate retry is not refused as "already running".
 */
class KilledClientRetryTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");

    private List<String> rsync(ClientKey key, Path src, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("rsync", "-a", "--relative", "--rsync-path", "rsync --fake-super",
                "-e", server.rsh(key)));
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of(src.toString(), "byteback@127.0.0.1:"));
        return cmd;
    }

    private boolean anyFileStored(Path current) throws Exception {
        try (Stream<Path> s = Files.walk(current)) {
            return s.anyMatch(p -> Files.isRegularFile(p) && p.getFileName().toString().startsWith("f"));
        }
    }

    @Test
    void anImmediateRetryAfterAKilledClientIsNotRefused() throws Exception {
        ClientKey key = ClientKey.create(server.scratch(), "k");
        server.enrol("alpha", key);
        Path src = server.scratch().resolve("src");
        Files.createDirectories(src);
        Random r = new Random(5);
        for (int i = 0; i < 100; i++) {
            byte[] data = new byte[200_000];
            r.nextBytes(data);
            Files.write(src.resolve("f" + i), data);
        }
        for (int round = 0; round < 3; round++) {
            Path current = server.root().resolve("alpha/current");
            Process slow = new ProcessBuilder(rsync(key, src, "--bwlimit=1000")).redirectErrorStream(true)
                    .redirectOutput(server.scratch().resolve("slow.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!anyFileStored(current) && slow.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
            // the client dies: rsync and its ssh, as a killed cron job does
            slow.descendants().forEach(ProcessHandle::destroyForcibly);
            slow.destroyForcibly();
            slow.waitFor(30, TimeUnit.SECONDS);

            Cmd.Result retry = Cmd.run(rsync(key, src), Map.of(), null, 300);
            assertEquals(0, retry.exit(), "round " + round + ": " + retry);
            // the next round starts from scratch
            Cmd.run(List.of("sh", "-c", "rm -rf " + current + "/*")).ok();
        }
    }
}
