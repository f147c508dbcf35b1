package byteback.server.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SnapshotNameTest {
    @Test
    void namesAsTheOriginalStrftime() {
        Instant t = Instant.parse("2026-11-26T21:30:59Z");
        assertEquals("2026-11-26T21:30+0000", SnapshotName.of(t, ZoneId.of("UTC")));
        assertEquals("2026-11-26T22:30+0100", SnapshotName.of(t, ZoneId.of("Europe/Berlin")));
        assertEquals("2026-11-26T16:30-0500", SnapshotName.of(t, ZoneId.of("America/New_York")));
        assertEquals("2026-11-26T21:30:59+0000", SnapshotName.withSeconds(t, ZoneId.of("UTC")));
        assertEquals(Optional.of(Instant.parse("2026-11-26T21:30:00Z")), SnapshotName.parse("2026-11-26T22:30+0100"));
        assertEquals(Optional.empty(), SnapshotName.parse("current"));
        assertEquals(Optional.empty(), SnapshotName.parse("2026-11-26"));
    }

    @Property
    void parseInvertsNaming(@ForAll @LongRange(min = 0, max = 4_000_000_000L) long seconds) {
        Instant t = Instant.ofEpochSecond(seconds);
        for (String zone : List.of("UTC", "Europe/London", "Asia/Kolkata", "America/St_Johns")) {
            ZoneId z = ZoneId.of(zone);
            assertEquals(t.truncatedTo(ChronoUnit.MINUTES), SnapshotName.parse(SnapshotName.of(t, z)).orElseThrow());
            assertEquals(t, SnapshotName.parse(SnapshotName.withSeconds(t, z)).orElseThrow());
        }
    }

    @Test
    void rateLimit() {
        SnapshotPolicy p = new SnapshotPolicy(Duration.ofHours(6));
        Instant now = Instant.parse("2026-11-26T21:30:00Z");
        assertTrue(p.decide(List.of(), now).allowed());
        assertTrue(p.decide(List.of(now.minus(Duration.ofHours(6))), now).allowed());
        SnapshotPolicy.Decision d = p.decide(List.of(now.minus(Duration.ofHours(30)), now.minus(Duration.ofMinutes(359))), now);
        assertFalse(d.allowed());
        assertTrue(d.reason().contains("5 h 59 min ago"), d.reason());
        // a snapshot from the future (clock stepped back) also blocks
        assertFalse(p.decide(List.of(now.plusSeconds(60)), now).allowed());
        assertTrue(new SnapshotPolicy(Duration.ZERO).decide(List.of(now), now).allowed());
    }

    @Test
    void durations() {
        assertEquals(Duration.ofHours(6), Durations.parse("6h"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
        assertEquals(Duration.ofDays(1).plusHours(12), Durations.parse("1d12h"));
        assertEquals(Duration.ofSeconds(45), Durations.parse("45"));
        assertEquals("2 h 5 min", Durations.words(Duration.ofMinutes(125)));
    }
}
