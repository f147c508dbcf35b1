package byteback.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
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
    void clientNames() {
        assertTrue(ClientName.isValid("web1.example.com"));
        assertTrue(ClientName.isValid("host_2-b"));
        for (String bad : new String[] {"", ".", "..", ".byteback", ".ssh", "a/b", "-x", "a b", "a\nb", "x".repeat(256)}) {
            assertFalse(ClientName.isValid(bad), bad);
        }
    }
}
