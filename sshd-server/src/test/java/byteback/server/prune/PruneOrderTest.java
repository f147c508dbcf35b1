package byteback.server.prune;

import static byteback.server.prune.BackupSimulation.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Orders worked out by hand, target by target. */
class PruneOrderTest {
    private static final Instant NOW = Instant.parse("2026-11-26T15:00:00Z");

    private static StoredSnapshot a(String time) {
        return snapshot("a", Instant.parse(time));
    }

    private static StoredSnapshot b(String time) {
        return snapshot("b", Instant.parse(time));
    }

    @Test
    void aClientTakesNothingWhenItsNearestIsNewerThanItsLastTaken() {
        StoredSnapshot today10 = a("2026-11-26T10:00:00Z");
        StoredSnapshot today08 = a("2026-11-26T08:00:00Z");
        StoredSnapshot yesterday = a("2026-11-25T10:00:00Z");
        StoredSnapshot october = a("2026-10-01T10:00:00Z");
        // 26 Nov midday: 10:00 today. 25 Nov: yesterday's (older: taken). 24 Nov .. 1 Nov: the
        // nearest untaken is 08:00 today, newer than yesterday's: nothing. 25 Oct: 1 Oct is nearest
        // and older: taken. 08:00 today is never taken and comes last.
        List<StoredSnapshot> order = PruneOrder.IMPORTANCE.order(List.of(october, today08, yesterday, today10), NOW);
        assertEquals(List.of(today10, yesterday, october, today08), order);
    }

    @Test
    void clientsTakeTurnsPerTargetInTheOrderOfTheirNewestSnapshots() {
        StoredSnapshot a26 = a("2026-11-26T10:00:00Z");
        StoredSnapshot a25 = a("2026-11-25T12:00:00Z");
        StoredSnapshot b26 = b("2026-11-26T11:00:00Z");
        StoredSnapshot b24 = b("2026-11-24T12:00:00Z");
        // b's newest is newer, so b goes first for each target. 26 Nov: b26, a26. 25 Nov: b's nearest
        // untaken is b24 (older: taken), a25.
        List<StoredSnapshot> order = PruneOrder.IMPORTANCE.order(List.of(a25, b24, a26, b26), NOW);
        assertEquals(List.of(b26, a26, b24, a25), order);
    }

    @Test
    void ofTwoEquallyNearTheNewerIsTaken() {
        StoredSnapshot morning = a("2026-11-26T09:00:00Z");
        StoredSnapshot afternoon = a("2026-11-26T15:00:00Z");
        List<StoredSnapshot> order = PruneOrder.IMPORTANCE.order(List.of(morning, afternoon), NOW);
        // 26 Nov: both 3 h away, the newer wins. 25 Nov: morning is nearest and older: taken.
        assertEquals(List.of(afternoon, morning), order);
    }

    @Test
    void neverTakenSnapshotsFollowNewestFirstAcrossClients() {
        StoredSnapshot a26 = a("2026-11-26T12:00:00Z");
        StoredSnapshot a26late = a("2026-11-26T14:00:00Z");
        StoredSnapshot b26 = b("2026-11-26T12:30:00Z");
        StoredSnapshot b26late = b("2026-11-26T13:00:00Z");
        StoredSnapshot a26later = a("2026-11-26T14:30:00Z");
        // Clients by newest: a (14:30), b (13:00). 26 Nov: a takes 12:00, b takes 12:30. 25 Nov: a's
        // nearest untaken is 14:00 (newer than 12:00): nothing; b's is 13:00: nothing. And so on.
        // Never taken, newest first: a 14:30, a 14:00, b 13:00.
        List<StoredSnapshot> order = PruneOrder.IMPORTANCE.order(List.of(a26, a26late, b26, b26late, a26later), NOW);
        assertEquals(List.of(a26, b26, a26later, a26late, b26late), order);
    }

    @Test
    void ageOrderIsNewestFirst() {
        StoredSnapshot a1 = a("2026-11-20T10:00:00Z");
        StoredSnapshot b1 = b("2026-11-21T10:00:00Z");
        StoredSnapshot a2 = a("2026-11-22T10:00:00Z");
        assertEquals(List.of(a2, b1, a1), PruneOrder.AGE.order(List.of(a1, a2, b1), NOW));
    }

    @Test
    void noSnapshotsNoOrder() {
        assertEquals(List.of(), PruneOrder.IMPORTANCE.order(List.of(), NOW));
    }

    @Test
    void ordersAreNamedAsOnTheCommandLine() {
        assertEquals(PruneOrder.AGE, PruneOrder.parse("age"));
        assertEquals(PruneOrder.IMPORTANCE, PruneOrder.parse("importance"));
        assertThrows(IllegalArgumentException.class, () -> PruneOrder.parse("size"));
    }
}
