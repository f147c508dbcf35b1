package byteback.server.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusTextTest {
    static final Instant NOW = NagiosCheckTest.NOW;

    @Test
    void oneLineAClientWithEveryKindOfLastAttempt() {
        Attempt running = Attempt.running(Attempt.Kind.BACKUP, NOW.minusSeconds(120), 77, null);
        Attempt failed = new Attempt(Attempt.Kind.BACKUP, Attempt.Result.FAILED, NOW.minusSeconds(3600),
                NOW.minusSeconds(3500), 12, "rsync exit 12 (error in rsync protocol data stream)", 5, 4, 1, null, 77, null);
        Attempt refused = Attempt.refused(Attempt.Kind.SNAPSHOT, NOW.minusSeconds(60), "No snapshot taken: too soon.");
        ClientStatus a = NagiosCheckTest.client("alpha", Duration.ofHours(2));
        ClientStatus b = new ClientStatus("beta", null, null, null, failed, running, failed, 0, null, null, DiscUse.UNKNOWN);
        ClientStatus c = new ClientStatus("gamma", a.lastSuccess(), a.lastBackedUp(), "S", refused,
                running.abandoned(NOW), a.lastBackup(), 2, "OLD", NOW.minusSeconds(99999),
                new DiscUse(DiscUse.Method.QGROUPS, 2048, 1024, true));
        List<String> lines = StatusText.lines(new StoreStatus(NOW, "/srv", List.of(a, b, c), 1 << 30, 1 << 29, true),
                ZoneOffset.UTC, false);
        assertEquals(5, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).contains("50.0% free (512.0 MiB of 1.0 GiB), pruning"), lines.get(0));
        assertTrue(lines.get(2).matches("alpha +2026-12-04 10:00:00 +S +2 h +20 B +1 +S +~100 B +backup ok 2026-12-04 09:59:00 .*"),
                lines.get(2));
        assertTrue(lines.get(3).matches("beta +never +- +- +4 B +0 +- +\\? +backup running since 2026-12-04 11:58:00"
                + " \\(2 min, server pid 77\\); before: backup failed 2026-12-04 11:00:00: exit 12, rsync exit 12 .*"), lines.get(3));
        assertTrue(lines.get(4).matches(".* 1.0 KiB / 2.0 KiB +backup abandoned: started 2026-12-04 11:58:00, .*"), lines.get(4));
        assertTrue(lines.get(4).endsWith("before: snapshot refused 2026-12-04 11:59:00: No snapshot taken: too soon."
                + " after backup ok 2026-12-04 09:59:00 (1 min, 3 files, 20 B written)"), lines.get(4));
    }
}
