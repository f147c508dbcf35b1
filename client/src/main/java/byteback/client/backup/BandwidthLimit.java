package byteback.client.backup;

/**
 * rsync's --bwlimit pacing for what the jar writes (rsync: io.c sleep_for_bwlimit, with the write
 * size capped as bwlimit_writemax caps it): the bytes written are a debt that time pays off at
 * the rate; once the debt is worth a tenth of a second or more, the writer sleeps it off. Pure:
 * the caller gives the clock and does the sleeping.
 */
final class BandwidthLimit {
    private static final long SECOND = 1_000_000_000L;
    private static final long MIN_SLEEP = SECOND / 10;

    private final long bytesPerSecond;
    private long debt;
    private long last = Long.MIN_VALUE;

    /** @param kibPerSecond the rate, KiB/s (rsync's unit for --bwlimit without a suffix); positive */
    BandwidthLimit(long kibPerSecond) {
        if (kibPerSecond <= 0) throw new IllegalArgumentException("bwlimit must be positive: " + kibPerSecond);
        this.bytesPerSecond = kibPerSecond * 1024;
    }

    /** The most to write at once, so that one write is never a long burst: an eighth of a second's worth, at least 512 bytes. */
    int maxWrite() {
        return (int) Math.max(512, Math.min(1 << 20, bytesPerSecond / 8));
    }

    /**
     * Records {@code bytes} written at {@code now} (nanoseconds, any origin) and returns how long
     * to sleep before writing more, in nanoseconds (0: go on).
     */
    long wrote(long bytes, long now) {
        debt += bytes; // written over the time since the last write: that time pays for it too
        if (last != Long.MIN_VALUE) debt -= paidOff(now - last);
        if (debt < 0) debt = 0;
        last = now;
        long sleep = (long) ((double) debt * SECOND / bytesPerSecond);
        return sleep < MIN_SLEEP ? 0 : sleep;
    }

    /** After sleeping: the time slept (from {@code now} passed to {@link #wrote}) pays off the debt. */
    void slept(long now) {
        debt -= paidOff(now - last);
        if (debt < 0) debt = 0;
        last = now;
    }

    private long paidOff(long nanos) {
        return nanos <= 0 ? 0 : (long) ((double) nanos * bytesPerSecond / SECOND);
    }
}
