package byteback.server.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;

/** The rate limit on snapshots: none while the newest is younger than {@code minInterval}. */
public record SnapshotPolicy(Duration minInterval) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(6);

    /** The decision, with a plain-words reason when refused. */
    public record Decision(boolean allowed, String reason) {}

    public Decision decide(Collection<Instant> existing, Instant now) {
        Optional<Instant> newest = existing.stream().max(Instant::compareTo);
        if (newest.isEmpty()) return new Decision(true, "first snapshot");
        Duration age = Duration.between(newest.get(), now);
        if (age.compareTo(minInterval) < 0) {
            return new Decision(false, "the last snapshot was taken " + Durations.words(age.isNegative() ? Duration.ZERO : age)
                    + " ago, less than " + Durations.words(minInterval) + "; the backup stays in current and is"
                    + " kept, and the next snapshot can be taken in " + Durations.words(minInterval.minus(age)));
        }
        return new Decision(true, "the last snapshot is " + Durations.words(age) + " old");
    }
}
