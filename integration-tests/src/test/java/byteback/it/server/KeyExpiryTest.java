package byteback.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code expiry-time=} on a key's line in authorized_keys, as OpenSSH honours it: OpenSSH's ssh
 * gets in before the time and is refused after it; the edit applies on the next connection.
 */
class KeyExpiryTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    @Test
    void aKeyIsRefusedOnceItsExpiryTimeHasPassed() throws Exception {
        ClientKey key = ClientKey.create(server.scratch(), "expiring");
        server.enrol("expiring", key);
        Path keys = server.root().resolve(".ssh/authorized_keys");
        String enrolled = Files.readString(keys);
        assertEquals(0, server.ssh(key, "byteback-receive", "--ping").exit(), "enrolled, no expiry");

        String future = LocalDateTime.now(ZoneOffset.UTC).plusDays(2).format(STAMP) + "Z";
        Files.writeString(keys, withExpiry(enrolled, future));
        Cmd.Result before = server.ssh(key, "byteback-receive", "--ping");
        assertEquals(0, before.exit(), "expiry-time=" + future + " is still ahead: " + before);

        String past = LocalDateTime.now(ZoneOffset.UTC).minusMinutes(2).format(STAMP) + "Z";
        Files.writeString(keys, withExpiry(enrolled, past));
        Cmd.Result after = server.ssh(key, "byteback-receive", "--ping");
        assertNotEquals(0, after.exit(), "expiry-time=" + past + " has passed: " + after);
        assertTrue(after.err().contains("Permission denied"), after.toString());

        String localPast = LocalDateTime.now().minusDays(1).format(DateTimeFormatter.ofPattern("yyyyMMdd"));
        Files.writeString(keys, withExpiry(enrolled, localPast));
        assertNotEquals(0, server.ssh(key, "byteback-receive", "--ping").exit(), "a day in local time, past");
    }

    private static String withExpiry(String line, String time) {
        assertTrue(line.contains("environment="), line);
        return line.replace("environment=", "expiry-time=\"" + time + "\",environment=");
    }
}
