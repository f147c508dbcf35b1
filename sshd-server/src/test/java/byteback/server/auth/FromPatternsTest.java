package byteback.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.UnknownHostException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class FromPatternsTest {
    private static InetAddress ip(String s) throws UnknownHostException {
        return InetAddress.getByName(s.contains(":") ? "[" + s + "]" : s);
    }

    @Test
    void exactWildcardAndNegatedPatterns() throws Exception {
        assertTrue(FromPatterns.allows("1.2.3.4", ip("1.2.3.4")));
        assertFalse(FromPatterns.allows("1.2.3.4", ip("1.2.3.5")));
        assertTrue(FromPatterns.allows("1.2.3.*", ip("1.2.3.5")));
        assertTrue(FromPatterns.allows("1.2.?.4", ip("1.2.7.4")));
        assertFalse(FromPatterns.allows("1.2.?.4", ip("1.2.17.4")));
        assertTrue(FromPatterns.allows("9.9.9.9,1.2.3.4", ip("1.2.3.4")));
        assertFalse(FromPatterns.allows("1.2.3.*,!1.2.3.5", ip("1.2.3.5")));
        assertFalse(FromPatterns.allows("!1.2.3.5,1.2.3.*", ip("1.2.3.5")));
        assertTrue(FromPatterns.allows("!1.2.3.5,1.2.3.*", ip("1.2.3.6")));
        // only a negation matches nothing positive: refused
        assertFalse(FromPatterns.allows("!1.2.3.5", ip("1.2.3.6")));
        assertTrue(FromPatterns.allows("*", ip("8.8.8.8")));
    }

    @Test
    void cidrEntries() throws Exception {
        assertTrue(FromPatterns.allows("10.0.0.0/8", ip("10.200.3.4")));
        assertFalse(FromPatterns.allows("10.0.0.0/8", ip("11.0.0.1")));
        assertTrue(FromPatterns.allows("192.168.1.0/24,!192.168.1.7", ip("192.168.1.8")));
        assertFalse(FromPatterns.allows("192.168.1.0/24,!192.168.1.7", ip("192.168.1.7")));
        assertFalse(FromPatterns.allows("!10.0.0.0/8,*", ip("10.1.1.1")));
        assertTrue(FromPatterns.allows("0.0.0.0/0", ip("203.0.113.9")));
        // host bits beyond the mask: OpenSSH rejects the whole list
        assertFalse(FromPatterns.allows("10.1.2.3/8,*", ip("10.1.2.3")));
        assertTrue(FromPatterns.allows("2001:db8::/32", ip("2001:db8:1::5")));
        assertFalse(FromPatterns.allows("2001:db8::/32", ip("2001:db9::5")));
        assertFalse(FromPatterns.allows("10.0.0.0/8", ip("::1")));
    }

    @Test
    void hostnamesNeverMatchWithoutDns() throws Exception {
        assertFalse(FromPatterns.allows("localhost", ip("127.0.0.1")));
        assertFalse(FromPatterns.allows("*.example.com", ip("127.0.0.1")));
    }

    @Test
    void ipv6AsOpenSshWritesIt() throws Exception {
        assertEquals("::1", FromPatterns.AddressText.of(ip("::1")));
        assertEquals("2001:db8::1:0:0:1", FromPatterns.AddressText.of(ip("2001:db8:0:0:1:0:0:1")));
        assertEquals("2001:db8:0:1:1:1:1:1", FromPatterns.AddressText.of(ip("2001:db8:0:1:1:1:1:1")));
        assertTrue(FromPatterns.allows("::1", ip("::1")));
        assertTrue(FromPatterns.allows("2001:db8::*", ip("2001:db8::7")));
    }

    @Property
    void anAddressMatchesItselfItsNetworksAndNotItsNegation(@ForAll @IntRange(min = 0, max = 255) int a,
            @ForAll @IntRange(min = 0, max = 255) int b, @ForAll @IntRange(min = 0, max = 255) int c,
            @ForAll @IntRange(min = 0, max = 255) int d, @ForAll @IntRange(min = 0, max = 32) int bits) throws Exception {
        String s = a + "." + b + "." + c + "." + d;
        InetAddress addr = ip(s);
        long v = ((long) a << 24) | (b << 16) | (c << 8) | d;
        long net = bits == 0 ? 0 : v & (0xffffffffL << (32 - bits)) & 0xffffffffL;
        String cidr = (net >> 24 & 255) + "." + (net >> 16 & 255) + "." + (net >> 8 & 255) + "." + (net & 255) + "/" + bits;
        assertTrue(FromPatterns.allows(s, addr));
        assertTrue(FromPatterns.allows(cidr, addr));
        assertTrue(FromPatterns.allows(a + ".*", addr));
        assertFalse(FromPatterns.allows("*,!" + s, addr));
        assertFalse(FromPatterns.allows("*,!" + cidr, addr));
    }
}
