package byteback.server.snapshot;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Snapshot directory names: strftime {@code %Y-%m-%dT%H:%M%z} in the server's zone, as the
 * original byteback names them (e.g. {@code 2026-11-26T21:30+0000}). When that name is taken
 * (two snapshots within one minute), the seconds are added ({@code 2026-11-26T21:30:15+0000}),
 * which the original's Time.parse reads too.
 */
public final class SnapshotName {
    private SnapshotName() {}

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmxx");
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxx");

    public static String of(Instant time, ZoneId zone) {
        return MINUTES.format(ZonedDateTime.ofInstant(time, zone));
    }

    public static String withSeconds(Instant time, ZoneId zone) {
        return SECONDS.format(ZonedDateTime.ofInstant(time, zone));
    }

    /** The time a snapshot name stands for; empty for names that are not snapshots ("current"). */
    public static Optional<Instant> parse(String name) {
        for (DateTimeFormatter f : new DateTimeFormatter[] {MINUTES, SECONDS}) {
            try {
                return Optional.of(ZonedDateTime.parse(name, f).toInstant());
            } catch (DateTimeException e) {
                // try the next form
            }
        }
        return Optional.empty();
    }
}
