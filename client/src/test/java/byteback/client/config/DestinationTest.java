package byteback.client.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class DestinationTest {
    @Test
    void originalForms() {
        assertEquals(new Destination("byteback", "backup.example.com", null, ""), Destination.parse("byteback@backup.example.com:"));
        assertEquals(new Destination(null, "host", null, "/store"), Destination.parse("host:/store"));
        assertEquals(new Destination("a@b", "host", null, ""), Destination.parse("a@b@host:"));
    }

    @Test
    void urlForms() {
        assertEquals(new Destination("byteback", "h.example", 2222, ""), Destination.parse("ssh://byteback@h.example:2222"));
        assertEquals(new Destination(null, "h", null, "/x"), Destination.parse("ssh://h/x"));
        assertEquals(new Destination("u", "::1", 22, ""), Destination.parse("ssh://u@[::1]:22"));
    }

    @Test
    void textRoundTrips() {
        for (String s : new String[] {"byteback@h:", "h:/p", "ssh://u@h:2222", "ssh://u@[::1]:2222/p"}) {
            assertEquals(Destination.parse(s), Destination.parse(Destination.parse(s).text()));
        }
    }

    @Test
    void rejectsNonRemote() {
        assertThrows(IllegalArgumentException.class, () -> Destination.parse("/local/path"));
        assertThrows(IllegalArgumentException.class, () -> Destination.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Destination.parse("ssh://h:99999"));
    }
}
