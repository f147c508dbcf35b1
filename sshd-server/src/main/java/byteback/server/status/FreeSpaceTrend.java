package byteback.server.status;

import byteback.server.prune.SpaceReading;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How the store's free space moved lately (pure), from the pruner's history of readings
 * ({@code ROOT/.byteback/disk-free-history}): the change of available bytes from the last reading
 * at least {@code window} before the newest one (or the oldest reading, when the history is
 * shorter) to the newest.
 *
 * @param changeBytes available bytes gained (negative: lost)
 * @param over        the time between the two readings
 */
public record FreeSpaceTrend(long changeBytes, Duration over) {
    public static final Duration WINDOW = Duration.ofHours(24);

    /** Empty with fewer than two readings. */
    public static Optional<FreeSpaceTrend> of(List<SpaceReading> readings, Duration window) {
        if (readings.size() < 2) return Optional.empty();
        SpaceReading newest = readings.get(readings.size() - 1);
        SpaceReading from = readings.get(0);
        for (int i = readings.size() - 2; i >= 0; i--) {
            if (!readings.get(i).time().isAfter(newest.time().minus(window))) {
                from = readings.get(i);
                break;
            }
        }
        return Optional.of(new FreeSpaceTrend(newest.availableBytes() - from.availableBytes(),
                Duration.between(from.time(), newest.time())));
    }
}
