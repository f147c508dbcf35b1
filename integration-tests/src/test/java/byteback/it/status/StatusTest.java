package byteback.it.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import byteback.server.ssh.ByteBackServer;
import byteback.server.status.AttemptRecords;
import byteback.server.status.Attempt;
import byteback.server.status.ClientRecord;
import byteback.server.store.Ownership;
import byteback.server.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * status, status --json and status --nagios after a successful, a failed (client killed), a refused
 * and a running backup, through the real server with stock rsync over OpenSSH's ssh, on btrfs. The
 * server's clock runs three hours behind while the successful backup is made, so the Nagios
 * thresholds are checked against a known age without waiting.
 */
class StatusTest {
    /** The system clock, moved by an offset the test sets. */
    static final class OffsetClock extends Clock {
        volatile Duration offset = Duration.ZERO;

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    final OffsetClock clock = new OffsetClock();

    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G",
            root -> ByteBackServer.Settings.of(new Store(root), 0).withClock(clock));

    private ClientRecord record(String client) {
        try {
            return new AttemptRecords(new Store(server.root()), Ownership.KEEP).load(client);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void awaitRecord(String client, String what, Predicate<ClientRecord> p) throws InterruptedException {
        Backups.await(client + ": " + what, Duration.ofSeconds(60), () -> p.test(record(client)));
    }

    private String line(String client) throws Exception {
        String out = Backups.cli("status", "--root", server.root().toString()).ok().out();
        return Arrays.stream(out.split("\n")).filter(l -> l.startsWith(client + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + client + " in\n" + out));
    }

    private Cmd.Result nagios(String... args) throws Exception {
        String[] all = new String[args.length + 4];
        all[0] = "status";
        all[1] = "--root";
        all[2] = server.root().toString();
        all[3] = "--nagios";
        System.arraycopy(args, 0, all, 4, args.length);
        Cmd.Result r = Backups.cli(all);
        assertEquals(1, r.out().strip().split("\n").length, "one line: " + r);
        return r;
    }

    @Test
    void statusShowsSuccessFailureRefusalAndARunningBackup() throws Exception {
        Path scratch = server.scratch();
        ClientKey ok = Backups.key(scratch, "ok");
        ClientKey fail = Backups.key(scratch, "fail");
        ClientKey busy = Backups.key(scratch, "busy");
        ClientKey never = Backups.key(scratch, "never");
        server.enrol("ok", ok);
        server.enrol("fail", fail);
        server.enrol("busy", busy);
        server.enrol("never", never);
        Path small = Backups.tree(scratch.resolve("small"), 30, 0);
        Path large = Backups.tree(scratch.resolve("large"), 5, 48);

        // a successful backup and its snapshot, three hours ago by the server's clock
        clock.offset = Duration.ofHours(-3);
        Backups.backup(server.rsh(ok), small).ok();
        Cmd.Result complete = server.ssh(ok, "byteback-receive", "--complete");
        assertEquals(0, complete.exit(), complete.toString());
        clock.offset = Duration.ZERO;
        ClientRecord okRecord = record("ok");
        String snapshot = okRecord.lastSuccess().snapshot();
        assertTrue(snapshot != null && Files.isDirectory(server.root().resolve("ok").resolve(snapshot)), okRecord.toString());
        assertEquals(30, okRecord.lastSuccess().files(), okRecord.toString());
        long written = okRecord.lastSuccess().bytesWritten();
        assertEquals(Files.walk(small).filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum(), written);

        // a backup whose client dies mid-transfer
        Process dying = Backups.slowBackup(server.rsh(fail), large, 500, scratch.resolve("fail.log"));
        try {
            awaitRecord("fail", "running", r -> r.running() != null);
        } finally {
            Backups.kill(dying);
        }
        awaitRecord("fail", "failed", r -> r.running() == null && r.lastBackup() != null);
        Attempt failed = record("fail").lastBackup();
        assertEquals(Attempt.Result.FAILED, failed.result(), failed.toString());
        assertNotEquals(0, failed.exitCode());

        // a backup to a place outside the client's store is refused, and on record as such
        Cmd.Result outside = Cmd.run(List.of("rsync", "-a", "-e", server.rsh(never), small + "/", "byteback@127.0.0.1:/etc"));
        assertNotEquals(0, outside.exit(), outside.toString());
        assertEquals(Attempt.Result.REFUSED, record("never").last().result());
        assertNull(record("never").lastBackup(), "a refusal is no backup");

        // a backup running now, and a second one (and a snapshot) refused meanwhile
        Process running = Backups.slowBackup(server.rsh(busy), large, 200, scratch.resolve("busy.log"));
        try {
            awaitRecord("busy", "running", r -> r.running() != null);
            Cmd.Result second = Backups.backup(server.rsh(busy), small);
            assertNotEquals(0, second.exit(), second.toString());
            assertTrue(second.err().contains("already running"), second.toString());
            Cmd.Result refusedSnapshot = server.ssh(busy, "byteback-receive", "--complete");
            assertNotEquals(0, refusedSnapshot.exit(), refusedSnapshot.toString());

            String okLine = line("ok");
            assertTrue(okLine.contains(snapshot) && okLine.contains("3 h") && okLine.contains("backup ok")
                    && okLine.contains("30 files"), okLine);
            String failLine = line("fail");
            assertTrue(failLine.contains("never") && failLine.contains("backup failed")
                    && failLine.contains("exit " + failed.exitCode()), failLine);
            String busyLine = line("busy");
            assertTrue(busyLine.contains("backup running since") && busyLine.contains("before: snapshot refused")
                    && busyLine.contains("a backup for \"busy\" is running"), busyLine);
            String neverLine = line("never");
            assertTrue(neverLine.matches("never +never +- +- +- +0 +- .*backup refused .*absolute destination.*"), neverLine);

            Map<String, String> json = Backups.statusJson(server.root());
            assertEquals("success", json.get("ok.last_success.result"), json.toString());
            assertEquals(snapshot, json.get("ok.snapshot"));
            assertEquals("30", json.get("ok.last_success.files"));
            assertEquals(Long.toString(written), json.get("ok.last_backup_bytes_written"));
            assertEquals("1", json.get("ok.snapshots.count"));
            assertEquals("ok", json.get("ok.state"));
            long age = Long.parseLong(json.get("ok.age_seconds"));
            assertTrue(age >= 3 * 3600 - 60 && age < 3 * 3600 + 600, "age " + age);
            assertEquals("failed", json.get("fail.last_backup.result"));
            assertEquals(Integer.toString(failed.exitCode()), json.get("fail.last_backup.exit_code"));
            assertEquals("critical", json.get("fail.state"));
            assertEquals("running", json.get("busy.running.result"));
            assertEquals(Long.toString(ProcessHandle.current().pid()), json.get("busy.running.pid"));
            assertEquals("refused", json.get("busy.last_attempt.result"));
            assertEquals("snapshot", json.get("busy.last_attempt.kind"));
            assertEquals("refused", json.get("never.last_attempt.result"));
            assertEquals("null", json.get("never.last_backup"));
            assertEquals("null", json.get("never.age_seconds"));
            assertTrue(Long.parseLong(json.get("store.free_bytes")) > 0);
            assertEquals("false", json.get("store.pruning"));
            assertEquals("null", json.get("store.free_change_bytes"), "no pruner here, so no free-space history");
            assertEquals("estimate", json.get("ok.disc_use.method"));
            assertEquals(Long.toString(written), json.get("ok.disc_use.referenced_bytes"));

            // Nagios: the exit code follows the thresholds (ok's last backup is 3 h old)
            Cmd.Result okOk = nagios("--name", "ok", "--warning", "4h", "--critical", "5h");
            assertEquals(0, okOk.exit(), okOk.toString());
            assertTrue(okOk.out().startsWith("BYTEBACK OK - ok backed up 3 h"), okOk.toString());
            assertTrue(okOk.out().matches("(?s).*\\| 'age_ok'=1[01]\\d{3}s;14400;18000;0; 'written_ok'=" + written
                    + "B;;;0; 'store_free'=\\d+B;;;0;\\d+\\s*"), okOk.toString());
            Cmd.Result okWarn = nagios("--name", "ok", "--warning", "2h", "--critical", "4h");
            assertEquals(1, okWarn.exit(), okWarn.toString());
            assertTrue(okWarn.out().startsWith("BYTEBACK WARNING - WARNING: ok last backed up 3 h"), okWarn.toString());
            Cmd.Result okCrit = nagios("--name", "ok", "--warning", "1h", "--critical", "2h");
            assertEquals(2, okCrit.exit(), okCrit.toString());
            Cmd.Result busyNagios = nagios("--name", "busy");
            assertEquals(2, busyNagios.exit(), busyNagios.toString());
            assertTrue(busyNagios.out().contains("busy never backed up") && busyNagios.out().contains("busy: backup running"),
                    busyNagios.toString());
            Cmd.Result all = nagios();
            assertEquals(2, all.exit(), all.toString());
            assertTrue(all.out().contains("CRITICAL: fail never backed up, busy never backed up, never never backed up")
                    || all.out().contains("never backed up"), all.toString());
            assertEquals(3, nagios("--name", "nosuch").exit());
            assertEquals(3, nagios("--warning", "5h", "--critical", "1h").exit());
            Cmd.Result badOption = nagios("--no-such-option");
            assertEquals(3, badOption.exit(), badOption.toString());
            assertTrue(badOption.out().startsWith("BYTEBACK UNKNOWN - bad command line"), badOption.toString());
            Cmd.Result unreadable = Backups.cli("status", "--root", scratch.resolve("missing").toString(), "--nagios");
            assertEquals(3, unreadable.exit(), unreadable.toString());
            assertTrue(unreadable.out().startsWith("BYTEBACK UNKNOWN - cannot read the store"), unreadable.toString());
        } finally {
            Backups.kill(running);
        }
        awaitRecord("busy", "the killed backup on record", r -> r.running() == null);
        assertEquals(Attempt.Result.FAILED, record("busy").lastBackup().result());
    }
}
