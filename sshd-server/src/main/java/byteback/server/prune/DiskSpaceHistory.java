package byteback.server.prune;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A short history of the store's free space, in memory; {@link DiskSpaceHistoryFile} keeps it on
 * disc. A reading is kept when the available space changed, or when the last kept one is at least
 * 5 minutes old; readings older than 7 days are dropped. Pure: the caller passes the readings in.
 */
public final class DiskSpaceHistory {
    public static final Duration MINIMUM_INTERVAL = Duration.ofMinutes(5);
    public static final Duration MAXIMUM_AGE = Duration.ofDays(7);
    /** A hard bound on memory, whatever the readings: a week at one reading every 30 s. */
    static final int MAXIMUM_READINGS = 20_160;
    /** The unit of the gradient, as the original's statfs blocks. */
    static final long BLOCK = 4096;

    private final Deque<SpaceReading> readings = new ArrayDeque<>();

    public DiskSpaceHistory() {}

    public DiskSpaceHistory(List<SpaceReading> loaded) {
        for (SpaceReading r : loaded) {
            if (readings.isEmpty() || !r.time().isBefore(readings.getLast().time())) {
                readings.addLast(r);
            }
        }
        while (readings.size() > MAXIMUM_READINGS) {
            readings.removeFirst();
        }
    }

    /**
     * Adds a reading unless it equals the last one and comes less than 5 minutes after it.
     * Readings from a later time than this one (a clock set back) are dropped first.
     *
     * @return whether the history changed (and so should be saved)
     */
    public boolean record(SpaceReading reading) {
        boolean changed = false;
        while (!readings.isEmpty() && readings.getLast().time().isAfter(reading.time())) {
            readings.removeLast();
            changed = true;
        }
        Instant horizon = reading.time().minus(MAXIMUM_AGE);
        while (!readings.isEmpty() && readings.getFirst().time().isBefore(horizon)) {
            readings.removeFirst();
            changed = true;
        }
        SpaceReading last = readings.peekLast();
        boolean same = last != null && last.availableBytes() == reading.availableBytes()
                && last.totalBytes() == reading.totalBytes();
        if (same && Duration.between(last.time(), reading.time()).compareTo(MINIMUM_INTERVAL) < 0) {
            return changed;
        }
        readings.addLast(reading);
        if (readings.size() > MAXIMUM_READINGS) {
            readings.removeFirst();
        }
        return true;
    }

    public Optional<SpaceReading> latest() {
        return Optional.ofNullable(readings.peekLast());
    }

    /** How long the history reaches back: from its first reading to its last. */
    public Duration span() {
        if (readings.isEmpty()) {
            return Duration.ZERO;
        }
        return Duration.between(readings.getFirst().time(), readings.getLast().time());
    }

    /**
     * The gradient over the last {@code window} before the newest reading, as the original
     * byteback-prune computed it: the change of available space (in 4 KiB blocks) from the last
     * reading before the window's start to the newest, divided by the number of readings
     * looked at. Positive while free space falls, negative while it grows, zero when it is steady.
     */
    public long gradient(Duration window) {
        if (readings.size() < 2) {
            return 0;
        }
        SpaceReading newest = readings.getLast();
        Instant start = newest.time().minus(window);
        SpaceReading earliest = newest;
        int count = 0;
        Iterator<SpaceReading> back = readings.descendingIterator();
        while (back.hasNext()) {
            SpaceReading r = back.next();
            earliest = r;
            count++;
            if (r.time().isBefore(start)) {
                break;
            }
        }
        long blocks = earliest.availableBytes() / BLOCK - newest.availableBytes() / BLOCK;
        return blocks / count;
    }

    public List<SpaceReading> readings() {
        return new ArrayList<>(readings);
    }

    public int size() {
        return readings.size();
    }
}
