package byteback.it.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.server.status.AttemptRecords;
import byteback.server.status.ClientRecord;
import byteback.server.store.Ownership;
import byteback.server.store.Store;
import byteback.testsupport.LoopBtrfs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * serve --metrics with the server jar run as operators run it: /metrics is valid Prometheus text
 * (parsed by the Prometheus Python client), its counters and per-client gauges move with real
 * backups (stock rsync over OpenSSH's ssh), refusals and authentication failures are counted; a
 * server killed during a backup leaves that backup on record as abandoned, and after a restart the
 * next backup goes through.
 */
class MetricsTest {
    private static String rsh(ServerProcess server, Path knownHosts, ClientKey key) {
        return String.join(" ", List.of("ssh", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=" + knownHosts,
                "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR", "-p",
                String.valueOf(server.sshPort()), "-i", key.file().toString()));
    }

    private static ClientRecord record(Path root, String client) {
        try {
            return new AttemptRecords(new Store(root), Ownership.KEEP).load(client);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static long sum(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void metricsMoveWithRealBackupsAndAKilledServerLeavesAnAbandonedBackup() throws Exception {
        try (LoopBtrfs fs = LoopBtrfs.create("1G")) {
            Path root = fs.mountPoint();
            Path scratch = fs.dir();
            Path knownHosts = scratch.resolve("known_hosts");
            ClientKey alpha = Backups.key(scratch, "alpha");
            ClientKey beta = Backups.key(scratch, "beta");
            ClientKey stranger = Backups.key(scratch, "stranger");
            Backups.cli("enrol", "--root", root.toString(), "--name", "alpha", "--key", alpha.pub().toString()).ok();
            Backups.cli("enrol", "--root", root.toString(), "--name", "beta", "--key", beta.pub().toString()).ok();
            Path small = Backups.tree(scratch.resolve("small"), 20, 0);
            Path large = Backups.tree(scratch.resolve("large"), 3, 40);

            // one unauthenticated connection per address at a time: this test's ssh connections come one by one
            ServerProcess server = new ServerProcess(root, "--max-startups-per-address", "1");
            try {
                Scrape before = Scrape.of(server.metricsPort());
                assertTrue(before.contentType.startsWith("text/plain; version=0.0.4"), before.contentType);
                assertTrue(Double.isNaN(before.client("byteback_client_last_success_timestamp_seconds", "alpha")));
                assertEquals(0.0, before.client("byteback_client_snapshots", "alpha"));
                assertEquals(0.0, before.get("byteback_connections_active{}"));
                assertEquals(0.0, before.get("byteback_authentication_failures_total{method=\"publickey\"}"));
                assertTrue(before.get("byteback_store_free_bytes{}") > 0);
                assertTrue(before.get("byteback_store_size_bytes{}") >= before.get("byteback_store_free_bytes{}"));
                assertTrue(before.get("byteback_filelist_memory_limit_bytes{}") > 0);
                assertEquals(0.0, before.get("byteback_filelist_memory_used_bytes{}"));
                assertTrue(before.get("jvm_memory_used_bytes{area=\"heap\",id=\"G1 Old Gen\"}") > 0
                        || before.samples.keySet().stream().anyMatch(k -> k.startsWith("jvm_memory_used_bytes{area=\"heap\"")),
                        before.samples.keySet().toString());
                assertTrue(before.samples.keySet().stream().noneMatch(k -> k.contains("stranger")));

                // a peer that stalls in the middle of its request does not keep the scrapers out
                try (java.net.Socket stalled = new java.net.Socket("127.0.0.1", server.metricsPort())) {
                    stalled.getOutputStream().write("GET /metr".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    stalled.getOutputStream().flush();
                    // the JDK's server cuts the stalled request after 10 s; a scrape queued behind it would wait
                    // that long and then be reset with it
                    var http = java.net.http.HttpClient.newHttpClient();
                    for (int i = 0; i < 3; i++) {
                        var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                "http://127.0.0.1:" + server.metricsPort() + "/metrics")).timeout(Duration.ofSeconds(8)).build(),
                                java.net.http.HttpResponse.BodyHandlers.ofString());
                        assertEquals(200, r.statusCode());
                    }
                }

                // a successful backup and its snapshot
                Backups.backup(rsh(server, knownHosts, alpha), small).ok();
                Cmd.Result complete = Cmd.run(List.of("sh", "-c", rsh(server, knownHosts, alpha)
                        + " byteback@127.0.0.1 byteback-receive --complete"));
                assertEquals(0, complete.exit(), complete.toString());
                long bytes = sum(small);
                Scrape one = Scrape.of(server.metricsPort());
                assertEquals(bytes, one.client("byteback_client_written_bytes_total", "alpha"));
                assertEquals(20.0, one.client("byteback_client_received_files_total", "alpha"));
                assertTrue(one.client("byteback_client_received_bytes_total", "alpha") > bytes);
                assertEquals(1.0, one.get("byteback_client_backups_total{client=\"alpha\",result=\"success\"}"));
                assertEquals(1.0, one.get("byteback_client_backup_duration_seconds_count{client=\"alpha\",result=\"success\"}"));
                assertEquals(1.0, one.client("byteback_client_snapshots", "alpha"));
                assertEquals(1.0, one.client("byteback_client_snapshots_made_total", "alpha"));
                double success = one.client("byteback_client_last_success_timestamp_seconds", "alpha");
                assertTrue(Math.abs(success - System.currentTimeMillis() / 1000.0) < 600, "last success " + success);
                assertEquals(1.0, one.get("byteback_client_last_attempt_result{client=\"alpha\",result=\"success\"}"));
                assertEquals(0.0, one.get("byteback_client_last_attempt_result{client=\"alpha\",result=\"failed\"}"));
                assertEquals(20.0, one.client("byteback_client_last_backup_files", "alpha"));
                assertEquals(bytes, one.client("byteback_client_last_backup_written_bytes", "alpha"));
                assertTrue(Double.isNaN(one.client("byteback_client_last_success_timestamp_seconds", "beta")));

                // a key that is not enrolled: an authentication failure and a connection refused
                Cmd.Result refused = Cmd.run(List.of("sh", "-c", rsh(server, knownHosts, stranger)
                        + " byteback@127.0.0.1 byteback-receive --ping"));
                assertNotEquals(0, refused.exit());
                Backups.await("the stranger counted", Duration.ofSeconds(30), () -> {
                    Scrape s = scrape(server);
                    return s.get("byteback_authentication_failures_total{method=\"publickey\"}") >= 1
                            && s.get("byteback_connections_refused_total{reason=\"not_authenticated\"}") >= 1;
                });

                // a connection over the limit: refused at accept, counted as such
                try (java.net.Socket held = new java.net.Socket("127.0.0.1", server.sshPort())) {
                    Backups.await("a connection refused by the per-address limit", Duration.ofSeconds(30), () -> {
                        try (java.net.Socket more = new java.net.Socket("127.0.0.1", server.sshPort())) {
                            more.setSoTimeout(2000);
                            more.getInputStream().read(); // the server's banner, or the end when refused
                        } catch (IOException e) {
                            // refused: reset
                        }
                        return scrape(server).get("byteback_connections_refused_total{reason=\"limit\"}") >= 1;
                    });
                }
                Backups.await("the held connection gone", Duration.ofSeconds(30),
                        () -> scrape(server).get("byteback_connections_active{}") == 0);

                // a second backup with a change: the counters move on
                Files.write(small.resolve("new"), new byte[12345]);
                Backups.backup(rsh(server, knownHosts, alpha), small).ok();
                Scrape two = Scrape.of(server.metricsPort());
                assertEquals(bytes + 12345, two.client("byteback_client_written_bytes_total", "alpha"));
                assertEquals(21.0, two.client("byteback_client_received_files_total", "alpha"));
                assertEquals(2.0, two.get("byteback_client_backups_total{client=\"alpha\",result=\"success\"}"));
                assertEquals(1.0, two.client("byteback_client_last_backup_files", "alpha"));

                // a backup running: seen running in the metrics, then the server is killed under it
                Process running = Backups.slowBackup(rsh(server, knownHosts, beta), large, 300, scratch.resolve("beta.log"));
                try {
                    Backups.await("beta running in /metrics", Duration.ofSeconds(60), () -> {
                        Scrape s = scrape(server);
                        return s.get("byteback_client_last_attempt_result{client=\"beta\",result=\"running\"}") == 1.0
                                && s.get("byteback_connections_active{}") >= 1
                                && s.client("byteback_client_written_bytes_total", "beta") > 0;
                    });
                    Cmd.Result busy = Backups.backup(rsh(server, knownHosts, beta), small);
                    assertNotEquals(0, busy.exit(), busy.toString());
                    assertEquals(1.0, scrape(server).get("byteback_connections_refused_total{reason=\"busy\"}"));
                    server.kill();
                } finally {
                    Backups.kill(running);
                }
                Map<String, String> json = Backups.statusJson(root);
                assertEquals("abandoned", json.get("beta.running.result"), json.toString());
                String text = Backups.cli("status", "--root", root.toString(), "--name", "beta").ok().out();
                assertTrue(text.contains("backup abandoned: started"), text);
                Cmd.Result nagios = Backups.cli("status", "--root", root.toString(), "--nagios", "--name", "beta");
                assertEquals(2, nagios.exit(), nagios.toString());
                assertTrue(nagios.out().contains("beta: backup abandoned"), nagios.toString());
            } finally {
                server.close();
            }

            // a restarted server takes the abandoned backup up: the next backup goes through
            ServerProcess again = new ServerProcess(root);
            try {
                Backups.backup(rsh(again, knownHosts, beta), large).ok();
                ClientRecord r = record(root, "beta");
                assertEquals(null, r.running());
                assertEquals(byteback.server.status.Attempt.Result.SUCCESS, r.lastSuccess().result());
                assertEquals(again.pid(), r.lastSuccess().pid());
                Scrape after = Scrape.of(again.metricsPort());
                assertEquals(1.0, after.get("byteback_client_last_attempt_result{client=\"beta\",result=\"success\"}"));
                assertEquals(4.0, after.client("byteback_client_last_backup_files", "beta"), r.toString());
            } finally {
                again.close();
            }
        }
    }

    private static Scrape scrape(ServerProcess server) {
        try {
            return Scrape.of(server.metricsPort());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
