package byteback.server.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class MetricsAddressTest {
    @Test
    void hostPortIpv6AndAllAddresses() {
        InetSocketAddress a = MetricsAddress.parse("127.0.0.1:9922");
        assertEquals("127.0.0.1", a.getHostString());
        assertEquals(9922, a.getPort());
        assertTrue(MetricsAddress.parse("[::1]:9922").getAddress().isLoopbackAddress());
        assertTrue(MetricsAddress.parse(":9922").getAddress().isAnyLocalAddress());
        assertThrows(IllegalArgumentException.class, () -> MetricsAddress.parse("9922"));
        assertThrows(IllegalArgumentException.class, () -> MetricsAddress.parse("host:port"));
        assertThrows(IllegalArgumentException.class, () -> MetricsAddress.parse("host:70000"));
    }
}
