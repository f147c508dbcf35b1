package byteback.rsync.flist;

import byteback.rsync.memory.Reservation;
import byteback.rsync.wire.ProtocolException;
import java.io.IOException;

/**
 * Counts what one file list holds against {@link FileListLimits} (this list alone) and, when the
 * server shares a {@link byteback.rsync.memory.MemoryBudget}, against the connection's
 * {@link Reservation} (all connections together).
 */
final class Budget {
    private final FileListLimits limits;
    private final Reservation reservation;
    private long bytes;
    private int entries;
    /** What lasts beyond the list being read (caches, names): never given back by {@link #release}. */
    private long lasting;

    Budget(FileListLimits limits, Reservation reservation) {
        this.limits = limits;
        this.reservation = reservation;
    }

    void entry(FileListConfig config) throws IOException {
        if (++entries > limits.maxEntries()) {
            throw new ProtocolException("file list has more than " + limits.maxEntries()
                    + " entries (limit)");
        }
        charge(FileListLimits.entryOverhead(config));
    }

    void charge(long n) throws IOException {
        bytes += n;
        if (bytes > limits.maxTotalBytes()) {
            throw new ProtocolException("file list exceeds its memory limit of "
                    + limits.maxTotalBytes() + " bytes");
        }
        if (reservation != null) {
            reservation.reserve(n);
        }
    }

    long bytes() {
        return bytes;
    }

    /** Like {@link #charge}, for what the reader keeps for all later lists (caches, names). */
    void chargeLasting(long n) throws IOException {
        charge(n);
        lasting += n;
    }

    /** What the lists read so far hold, without the lasting part. */
    long listBytes() {
        return bytes - lasting;
    }

    int entries() {
        return entries;
    }

    /** A list no longer held: its bytes and entries no longer count (incremental recursion). */
    void release(long n, int listEntries) {
        bytes -= n;
        entries -= listEntries;
        if (reservation != null) {
            reservation.release(n);
        }
    }
}
