package byteback.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeyDecisionTest {
    private final InetAddress local = InetAddress.getLoopbackAddress();

    private List<AuthorizedKey> keys(String text) {
        return AuthorizedKeysParser.parse(text).keys();
    }

    @Test
    void theKeyAloneNamesTheClient() {
        String k1 = TestKeys.line("ssh-ed25519", 1, "");
        String k2 = TestKeys.line("ssh-ed25519", 2, "");
        List<AuthorizedKey> ks = keys("environment=\"BYTEBACK_HOST=alice\" " + k1 + "\nenvironment=\"BYTEBACK_HOST=bob\" " + k2);
        assertEquals("alice", KeyDecision.decide(ks, TestKeys.blob("ssh-ed25519", 1), local).client());
        assertEquals("bob", KeyDecision.decide(ks, TestKeys.blob("ssh-ed25519", 2), local).client());
        assertFalse(KeyDecision.decide(ks, TestKeys.blob("ssh-ed25519", 3), local).accepted());
    }

    @Test
    void aKeyWithoutByteBackHostOrWithABadNameIsRefused() {
        String k = TestKeys.line("ssh-ed25519", 1, "");
        assertFalse(KeyDecision.decide(keys("command=\"x\" " + k), TestKeys.blob("ssh-ed25519", 1), local).accepted());
        assertFalse(KeyDecision.decide(keys("environment=\"BYTEBACK_HOST=..\" " + k), TestKeys.blob("ssh-ed25519", 1), local).accepted());
        assertFalse(KeyDecision.decide(keys("environment=\"BYTEBACK_HOST=a/b\" " + k), TestKeys.blob("ssh-ed25519", 1), local).accepted());
        assertFalse(KeyDecision.decide(keys("environment=\"BYTEBACK_HOST=.ssh\" " + k), TestKeys.blob("ssh-ed25519", 1), local).accepted());
    }

    @Test
    void fromIsHonouredAndLaterLinesAreTried() {
        String k = TestKeys.line("ssh-ed25519", 1, "");
        List<AuthorizedKey> ks = keys("from=\"192.0.2.1\",environment=\"BYTEBACK_HOST=far\" " + k
                + "\nfrom=\"127.0.0.0/8\",environment=\"BYTEBACK_HOST=near\" " + k);
        KeyDecision d = KeyDecision.decide(ks, TestKeys.blob("ssh-ed25519", 1), local);
        assertTrue(d.accepted());
        assertEquals("near", d.client());
        assertEquals(2, d.line());
        KeyDecision refused = KeyDecision.decide(keys("from=\"192.0.2.1\",environment=\"BYTEBACK_HOST=far\" " + k),
                TestKeys.blob("ssh-ed25519", 1), local);
        assertFalse(refused.accepted());
        assertTrue(refused.reason().contains("does not allow 127.0.0.1"), refused.reason());
    }

    @Test
    void expiryTimeRefusesTheKeyAfterItAsOpenSshDoes() {
        String k = TestKeys.line("ssh-ed25519", 1, "");
        List<AuthorizedKey> ks = keys("expiry-time=\"20300101Z\",environment=\"BYTEBACK_HOST=old\" " + k
                + "\nenvironment=\"BYTEBACK_HOST=fallback\" " + k);
        byte[] offered = TestKeys.blob("ssh-ed25519", 1);
        Instant expiry = Instant.parse("2030-01-01T00:00:00Z");
        assertEquals("old", KeyDecision.decide(ks, offered, local, expiry.minusSeconds(1)).client());
        assertEquals("old", KeyDecision.decide(ks, offered, local, expiry).client(), "valid up to the second itself");
        KeyDecision later = KeyDecision.decide(ks, offered, local, expiry.plusSeconds(1));
        assertEquals("fallback", later.client(), "an expired line is skipped, later lines still count");
        KeyDecision alone = KeyDecision.decide(keys("expiry-time=\"20300101Z\",environment=\"BYTEBACK_HOST=old\" " + k),
                offered, local, expiry.plusSeconds(1));
        assertFalse(alone.accepted());
        assertTrue(alone.reason().contains("expired"), alone.reason());
    }

    @Test
    void expiryTimeFormats() {
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        assertEquals(Instant.parse("2031-02-03T00:00:00Z"), KeyOptions.expiryTime("20310203Z", berlin));
        assertEquals(Instant.parse("2031-02-03T03:04:00Z"), KeyOptions.expiryTime("203102030304Z", berlin));
        assertEquals(Instant.parse("2031-02-03T03:04:05Z"), KeyOptions.expiryTime("20310203030405Z", berlin));
        assertEquals(Instant.parse("2031-07-01T10:00:00Z"), KeyOptions.expiryTime("203107011200", berlin),
                "without Z: the server's local time");
        for (String bad : new String[] {"2031", "2031020", "20311301", "20310230", "203102032500", "2031020x", "", "Z"}) {
            assertThrows(IllegalArgumentException.class, () -> KeyOptions.expiryTime(bad, berlin), bad);
        }
        assertThrows(IllegalArgumentException.class,
                () -> KeyOptions.parse("expiry-time=\"20310101\",expiry-time=\"20320101\" "));
        assertTrue(AuthorizedKeysParser.parse("expiry-time=\"nonsense\",environment=\"BYTEBACK_HOST=x\" "
                + TestKeys.line("ssh-ed25519", 1, "")).keys().isEmpty(), "an invalid time invalidates the line");
    }

    @Test
    void clientNames() {
        assertTrue(ClientName.isValid("web1.example.com"));
        assertTrue(ClientName.isValid("host_2-b"));
        for (String bad : new String[] {"", ".", "..", ".byteback", ".ssh", "a/b", "-x", "a b", "a\nb", "x".repeat(256)}) {
            assertFalse(ClientName.isValid(bad), bad);
        }
    }
}
