package byteback.rsync.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.receiver.XattrValues;
import byteback.rsync.wire.ProtocolException;
import org.junit.jupiter.api.Test;

/** The full xattr values a session holds are bounded (see ServerProcessTest for the attack). */
class XattrValuesBoundTest {
    @Test
    void valuesBeyondTheBoundAreAProtocolError() throws java.io.IOException {
        XattrValues v = new XattrValues(1000);
        v.put(0, 1, new byte[600]);
        ProtocolException e = assertThrows(ProtocolException.class, () -> v.put(0, 2, new byte[600]));
        assertTrue(e.getMessage().contains("memory limit"), e.getMessage());
        v.put(1, 1, new byte[400]); // the refused value was not counted
    }

    @Test
    void aReplacedValueIsNoLongerCounted() throws java.io.IOException {
        XattrValues v = new XattrValues(1000);
        for (int i = 0; i < 100; i++) {
            v.put(0, 1, new byte[900]);
        }
        v.put(0, 1, new byte[] {7});
        v.put(0, 2, new byte[990]);
        assertArrayEquals(new byte[] {7}, v.get(0, 1));
    }

    @Test
    void theDefaultBoundIsASmallShareOfTheHeap() throws java.io.IOException {
        long heap = Runtime.getRuntime().maxMemory();
        XattrValues v = new XattrValues();
        long bound = Math.min(256L << 20, Math.max(16L << 20, heap / 8));
        byte[] chunk = new byte[1 << 20];
        int n = (int) (bound >> 20);
        for (int i = 0; i < n; i++) {
            v.put(0, i, chunk);
        }
        assertThrows(ProtocolException.class, () -> v.put(0, n, chunk));
    }

    @Test
    void valuesAreChargedToTheSessionsReservationAndReplacedOnesGivenBack() throws java.io.IOException {
        byteback.rsync.memory.MemoryBudget budget = new byteback.rsync.memory.MemoryBudget(3 << 20, 0);
        try (byteback.rsync.memory.Reservation r = budget.open()) {
            XattrValues v = new XattrValues(64 << 20, r);
            v.put(0, 1, new byte[1 << 20]);
            assertTrue(r.used() >= 1 << 20, "charged: " + r.used());
            v.put(0, 1, new byte[] {7}); // replaced: the megabyte is no longer held
            assertTrue(r.used() < 1024, "still charged: " + r.used());
            v.put(0, 2, new byte[2 << 20]);
            // the session's own bound (64 MiB) is far, the shared budget (3 MiB) is not
            assertThrows(byteback.rsync.memory.MemoryBudgetExceededException.class,
                    () -> v.put(0, 3, new byte[2 << 20]));
            assertArrayEquals(new byte[] {7}, v.get(0, 1));
        }
        assertEquals(0, budget.reserved());
    }
}
