package byteback.server.prune;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Snapshot directory names: strftime {@code %Y-%m-%dT%H:%M%z}, e.g. {@code 2026-11-26T21:30+0000}.
 * Anything else in a client's directory (current, stray files) is not a snapshot.
 */
public final class SnapshotName {
    private static final DateTimeFormatter[] FORMATS = {
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmxx"),
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxx"),
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mmxxx"),
        DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxxx"),
    };

    private SnapshotName() {}

    /** The instant a snapshot name stands for, or empty when the name is not a snapshot's. */
    public static Optional<Instant> parse(String name) {
        if (name.length() < 16 || name.length() > 32) {
            return Optional.empty();
        }
        for (DateTimeFormatter format : FORMATS) {
            try {
                return Optional.of(OffsetDateTime.parse(name, format).toInstant());
            } catch (DateTimeParseException notThisOne) {
                // try the next form
            }
        }
        return Optional.empty();
    }
}
