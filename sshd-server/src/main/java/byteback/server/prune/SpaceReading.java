package byteback.server.prune;

import java.time.Instant;

/** One reading of the store's disc space: when, how big the filesystem is, how much is available. */
public record SpaceReading(Instant time, long totalBytes, long availableBytes) {

    public SpaceReading {
        if (totalBytes <= 0 || availableBytes < 0) {
            throw new IllegalArgumentException("impossible disc space: total " + totalBytes
                    + ", available " + availableBytes);
        }
    }

    /** Whether free space is at or below {@code percent} of the whole (compared exactly). */
    public boolean atOrBelow(int percent) {
        return availableBytes * 100.0 <= (double) percent * totalBytes;
    }

    /** Whether free space is at or above {@code percent} of the whole (compared exactly). */
    public boolean atOrAbove(int percent) {
        return availableBytes * 100.0 >= (double) percent * totalBytes;
    }

    /** Bytes available above {@code percent} of the whole (negative when under it). */
    public long bytesAbove(int percent) {
        return availableBytes - (long) Math.ceil(totalBytes * (percent / 100.0));
    }

    public double percentFree() {
        return availableBytes * 100.0 / totalBytes;
    }

    /** e.g. {@code "7.3% free (73.4 MiB of 1.0 GiB)"}, for logs and messages. */
    public String describe() {
        return String.format(java.util.Locale.ROOT, "%.1f%% free (%s of %s)", percentFree(),
                Bytes.human(availableBytes), Bytes.human(totalBytes));
    }
}
