package byteback.server.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class ClientRecordTest {
    private static final Instant T0 = Instant.parse("2026-12-04T10:00:00Z");

    private static Attempt running(Instant t) {
        return Attempt.running(Attempt.Kind.BACKUP, t, 4242, T0.minusSeconds(3600));
    }

    @Test
    void aBackupRunsEndsAndASnapshotCompletesIt() {
        ClientRecord r = ClientRecord.EMPTY.started(running(T0), T0);
        assertEquals(Attempt.Result.RUNNING, r.running().result());
        Attempt done = r.running().ended(Attempt.Result.SUCCESS, T0.plusSeconds(60), 0, "", 1000, 900, 7);
        r = r.ended(done);
        assertNull(r.running());
        assertEquals(done, r.last());
        assertEquals(done, r.lastSuccess());
        Attempt snap = new Attempt(Attempt.Kind.SNAPSHOT, Attempt.Result.SUCCESS, T0.plusSeconds(61), T0.plusSeconds(61),
                0, "snapshot S", 0, 0, 0, "S", 0, null);
        r = r.snapshot(snap);
        assertEquals("S", r.lastSuccess().snapshot());
        assertEquals("S", r.lastBackup().snapshot());
        assertEquals(snap, r.last());
    }

    @Test
    void progressUpdatesOnlyTheAttemptThatRuns() {
        ClientRecord r = ClientRecord.EMPTY.started(running(T0), T0);
        r = r.progress(r.running().progress(500, 4));
        assertEquals(500, r.running().bytesWritten());
        assertEquals(4, r.running().files());
        ClientRecord other = r.progress(running(T0.plusSeconds(1)).progress(9, 9));
        assertEquals(r, other, "a late progress of another attempt changes nothing");
        assertEquals(r.ended(r.running().ended(Attempt.Result.SUCCESS, T0, 0, "", 1, 1, 1)).running(), null);
    }

    @Test
    void aRefusalWhileABackupRunsKeepsTheRunningOne() {
        ClientRecord r = ClientRecord.EMPTY.started(running(T0), T0);
        r = r.refused(Attempt.refused(Attempt.Kind.BACKUP, T0.plusSeconds(5), "busy"));
        assertEquals(Attempt.Result.RUNNING, r.running().result());
        assertEquals(Attempt.Result.REFUSED, r.last().result());
        assertNull(r.lastBackup(), "a refusal is no backup");
    }

    @Test
    void aRunningAttemptLeftBehindBecomesAbandonedWhenTheNextBegins() {
        ClientRecord r = ClientRecord.EMPTY.started(running(T0), T0);
        r = r.started(running(T0.plusSeconds(600)), T0.plusSeconds(600));
        assertEquals(Attempt.Result.ABANDONED, r.last().result());
        assertEquals(Attempt.Result.ABANDONED, r.lastBackup().result());
        assertEquals(T0.plusSeconds(600), r.running().started());
    }

    @Test
    void aSnapshotDoesNotRenameABackupThatAlreadyHasOne() {
        Attempt ok = running(T0).ended(Attempt.Result.SUCCESS, T0.plusSeconds(1), 0, "", 1, 1, 1).withSnapshot("A");
        ClientRecord r = new ClientRecord(null, ok, ok, ok).snapshot(new Attempt(Attempt.Kind.SNAPSHOT,
                Attempt.Result.SUCCESS, T0.plusSeconds(9), T0.plusSeconds(9), 0, "", 0, 0, 0, "B", 0, null));
        assertEquals("A", r.lastSuccess().snapshot());
    }

    @Test
    void formatRoundTrips() {
        Attempt failed = running(T0).ended(Attempt.Result.FAILED, T0.plusSeconds(30), 12,
                "rsync exit 12 = a reason\nwith % and é", 5, 4, 3);
        ClientRecord r = new ClientRecord(running(T0.plusSeconds(40)), failed, failed,
                running(T0.minusSeconds(99)).ended(Attempt.Result.SUCCESS, T0, 0, "", 1, 2, 3).withSnapshot("2026-12-04T10:00"));
        assertEquals(r, ClientRecordFormat.parse(ClientRecordFormat.format(r)));
    }

    @Test
    void damagedOrForeignTextReadsAsLittleAsItMust() {
        assertEquals(ClientRecord.EMPTY, ClientRecordFormat.parse(""));
        assertEquals(ClientRecord.EMPTY, ClientRecordFormat.parse("something else\nlast.kind=BACKUP\n"));
        ClientRecord r = ClientRecordFormat.parse(ClientRecordFormat.HEADER + "\nlast.kind=BACKUP\nlast.result=WHAT\n"
                + "last.started=2026-12-04T10:00:00Z\nsuccess.kind=BACKUP\nsuccess.result=SUCCESS\n"
                + "success.started=2026-12-04T10:00:00Z\nsuccess.future-key=1\nsuccess.reason=%4\n");
        assertNull(r.last());
        assertEquals(Attempt.Result.SUCCESS, r.lastSuccess().result());
    }

    @Property
    void anyReasonSurvivesTheFileAndNeverBreaksALine(@ForAll String reason) {
        String escaped = ClientRecordFormat.escape(reason);
        assertEquals(-1, escaped.indexOf('\n'));
        assertEquals(-1, escaped.indexOf('\r'));
        // unpaired surrogates cannot be UTF-8: they come back as '?'
        String expected = new String(reason.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(expected, ClientRecordFormat.unescape(escaped));
    }
}
