package byteback.server.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.receiver.ReceiveListener;
import byteback.rsync.session.TransferStats;
import byteback.server.BackupHooks;
import byteback.server.store.Ownership;
import byteback.server.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttemptRecorderTest {
    @TempDir Path root;

    @Test
    void aBackupIsOnRecordFromItsStartToItsSnapshot() throws Exception {
        AttemptRecords records = new AttemptRecords(new Store(root), Ownership.KEEP);
        Instant t = Instant.parse("2026-12-04T10:00:00Z");
        AttemptRecorder recorder = new AttemptRecorder(records, Clock.fixed(t, ZoneOffset.UTC),
                new ProcessIdentity(4242, t.minusSeconds(60)));

        ReceiveListener l = recorder.forBackup("web");
        ClientRecord r = records.load("web");
        assertEquals(Attempt.Result.RUNNING, r.running().result());
        assertEquals(4242, r.running().pid());
        TransferStats stats = new TransferStats();
        l.receiving(stats);
        l.written(1000);
        l.written(234);
        stats.transferredFiles.addAndGet(3);
        recorder.refused("web", BackupHooks.Refused.BACKUP, BackupHooks.Cause.BUSY, "already running");
        assertEquals(Attempt.Result.REFUSED, records.load("web").last().result());
        assertEquals(Attempt.Result.RUNNING, records.load("web").running().result());

        recorder.afterBackup("web", 0, "backup received", 5000);
        r = records.load("web");
        assertNull(r.running());
        assertEquals(Attempt.Result.SUCCESS, r.lastSuccess().result());
        assertEquals(1234, r.lastSuccess().bytesWritten());
        assertEquals(5000, r.lastSuccess().bytesReceived());
        assertEquals(3, r.lastSuccess().files());

        recorder.afterSnapshot("web", root.resolve("web/2026-12-04T10:00+0000"));
        assertEquals("2026-12-04T10:00+0000", records.load("web").lastSuccess().snapshot());

        recorder.forBackup("web");
        recorder.afterBackup("web", 12, "rsync exit 12", 10);
        r = records.load("web");
        assertEquals(Attempt.Result.FAILED, r.lastBackup().result());
        assertEquals(12, r.lastBackup().exitCode());
        assertTrue(r.lastBackup().reason().contains("rsync exit 12 (error in rsync protocol data stream)"), r.lastBackup().reason());
        assertEquals("2026-12-04T10:00+0000", r.lastSuccess().snapshot(), "the last success stays");

        recorder.snapshotRefused("web", "No snapshot taken: too soon.");
        assertEquals(Attempt.Result.REFUSED, records.load("web").last().result());
        assertEquals(Attempt.Kind.SNAPSHOT, records.load("web").last().kind());
    }
}
