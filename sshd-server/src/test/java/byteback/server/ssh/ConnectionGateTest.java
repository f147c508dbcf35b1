package byteback.server.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConnectionGateTest {
    private static final Duration GRACE = Duration.ofSeconds(30);

    @Test
    void dropChanceRisesLinearlyFromStartToFull() {
        ConnectionLimits l = ConnectionLimits.of("10:30:100", 1000, 1000, 4, GRACE);
        assertEquals(0, l.dropPercent(9));
        assertEquals(30, l.dropPercent(10));
        assertEquals(30 + 70 * 45 / 90, l.dropPercent(55));
        assertEquals(100, l.dropPercent(100));
        assertEquals(100, l.dropPercent(5000));
    }

    @Test
    void aSingleNumberMeansAHardLimit() {
        ConnectionLimits l = ConnectionLimits.of("5", 10, 10, 4, GRACE);
        assertEquals(0, l.dropPercent(4));
        assertEquals(100, l.dropPercent(5));
    }

    @Test
    void badSettingsAreRefusedWithTheOptionName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConnectionLimits.of("10:x:20", 1, 1, 1, GRACE));
        assertTrue(e.getMessage().contains("--max-startups"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ConnectionLimits.of("20:30:10", 1, 1, 1, GRACE));
        assertThrows(IllegalArgumentException.class, () -> ConnectionLimits.of("10:130:20", 1, 1, 1, GRACE));
        assertThrows(IllegalArgumentException.class, () -> ConnectionLimits.of("10", 1, 1, 0, GRACE));
    }

    @Test
    void randomDropBetweenStartAndFullUsesTheChance() {
        // the "random" source answers 50: dropped exactly when the chance is above 50%
        ConnectionGate gate = new ConnectionGate(ConnectionLimits.of("2:30:6", 100, 100, 4, GRACE), n -> 50);
        assertNull(gate.admit("a"));
        assertNull(gate.admit("b"));
        assertNull(gate.admit("c")); // 2 held: 30%
        assertNull(gate.admit("d")); // 3 held: 47%
        assertNotNull(gate.admit("e")); // 4 held: 65%
        assertEquals(4, gate.startups());
        gate.authenticated("a");
        assertNull(gate.admit("e")); // 3 held again
        assertEquals(5, gate.connections());
    }

    @Test
    void perAddressLimitCountsOnlyUnauthenticatedConnections() {
        ConnectionGate gate = new ConnectionGate(ConnectionLimits.of("100:30:200", 2, 100, 4, GRACE), n -> 99);
        assertNull(gate.admit("10.0.0.1"));
        assertNull(gate.admit("10.0.0.1"));
        String why = gate.admit("10.0.0.1");
        assertNotNull(why);
        assertTrue(why.contains("per-address"), why);
        assertNull(gate.admit("10.0.0.2"), "another address is not held up");
        gate.authenticated("10.0.0.1");
        assertNull(gate.admit("10.0.0.1"), "an authenticated connection frees its address's slot");
        gate.closed("10.0.0.1", false);
        gate.closed("10.0.0.1", false);
        gate.closed("10.0.0.1", true);
        gate.closed("10.0.0.2", false);
        assertEquals(0, gate.startups());
        assertEquals(0, gate.connections());
        assertEquals(0, gate.addressesHeld(), "no address is remembered once its connections ended");
    }

    @Test
    void overallLimitCountsEveryConnection() {
        ConnectionGate gate = new ConnectionGate(ConnectionLimits.of("100:30:200", 100, 3, 4, GRACE), n -> 99);
        for (String a : new String[] {"a", "b", "c"}) {
            assertNull(gate.admit(a));
            gate.authenticated(a);
        }
        String why = gate.admit("d");
        assertNotNull(why);
        assertTrue(why.contains("max-connections"), why);
        gate.closed("b", true);
        assertNull(gate.admit("d"));
    }
}
