package byteback.server.prune;

import java.io.IOException;

/**
 * A cheap but safe answer to "does this write leave the low mark free?" for every write of every
 * backup. statfs on btrfs does not count data still in the page cache, so a reading is taken after
 * flushing (a btrfs sync) and then the bytes written since are subtracted. A new reading is taken
 * once half the headroom above the low mark seen at the last reading has been written: rarely
 * while the disc is empty, more often as it fills.
 */
final class SpaceGauge {
    private final Pruner pruner;
    private SpaceReading last;
    private long writtenSince;

    SpaceGauge(Pruner pruner) {
        this.pruner = pruner;
    }

    /** Whether writing {@code bytes} more still leaves at least the low mark free. */
    synchronized boolean fits(long bytes) throws IOException {
        int min = pruner.settings().minPercent();
        if (last != null && writtenSince + bytes <= last.bytesAbove(min) / 2) {
            return true;
        }
        refresh();
        return last.bytesAbove(min) >= bytes;
    }

    synchronized void written(long bytes) {
        writtenSince += bytes;
    }

    synchronized void refresh() throws IOException {
        last = pruner.flushedSpace();
        writtenSince = 0;
    }

    synchronized SpaceReading latest() throws IOException {
        if (last == null) {
            refresh();
        }
        return last;
    }
}
