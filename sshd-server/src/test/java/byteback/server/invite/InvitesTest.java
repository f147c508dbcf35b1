package byteback.server.invite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.server.store.Ownership;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InvitesTest {
    @TempDir Path dir;

    @Test
    void aTokenWorksOnceUntilItExpiresAndIsStoredOnlyHashed() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Invites invites = new Invites(dir, Clock.fixed(t0, ZoneOffset.UTC), Ownership.KEEP);
        String token = invites.create("web1", Duration.ofHours(1));
        try (var files = Files.list(dir)) {
            Path f = files.findFirst().orElseThrow();
            assertFalse(Files.readString(f).contains(token));
            assertFalse(f.getFileName().toString().contains(token));
            assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        }
        Invites.Invite inv = invites.check(token).orElseThrow();
        assertEquals("web1", inv.client());
        assertTrue(invites.check("wrong").isEmpty());
        assertTrue(invites.consume(inv));
        assertFalse(invites.consume(inv));
        assertTrue(invites.check(token).isEmpty());

        String late = invites.create("web2", Duration.ofHours(1));
        Invites later = new Invites(dir, Clock.fixed(t0.plus(Duration.ofHours(1)), ZoneOffset.UTC), Ownership.KEEP);
        assertTrue(later.check(late).isEmpty());
    }

    @Test
    void anInviteThatExpiresBetweenLoginAndEnrolmentCannotBeUsed() throws Exception {
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Instant[] now = {t0};
        Clock clock = new Clock() {
            @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(java.time.ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        };
        Invites invites = new Invites(dir, clock, Ownership.KEEP);
        String token = invites.create("web1", Duration.ofMinutes(10));
        Invites.Invite inv = invites.check(token).orElseThrow(); // the login, a minute before it expires
        now[0] = t0.plus(Duration.ofMinutes(10)); // the enrolment command comes at the expiry
        assertFalse(invites.consume(inv), "an expired invite is not used");
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "and it is gone");
        }
    }
}
