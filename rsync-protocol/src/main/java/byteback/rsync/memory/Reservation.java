package byteback.rsync.memory;

/**
 * One connection's share of a {@link MemoryBudget}. It takes from the shared pool in chunks (so
 * that connections do not contend for the pool's lock on every file-list entry) and gives
 * everything back on {@link #close()}, which the connection calls however it ends.
 */
public final class Reservation implements AutoCloseable {
    /** Granularity of what is taken from the shared pool. */
    static final long CHUNK = 256 * 1024;

    private final MemoryBudget budget;
    private long used;
    private volatile long granted;
    private boolean closed;

    Reservation(MemoryBudget budget) {
        this.budget = budget;
    }

    /**
     * Counts {@code n} more bytes against the shared budget; may wait while larger holders are
     * refused (see {@link MemoryBudget}).
     *
     * @throws MemoryBudgetExceededException when the pool cannot give them (nothing is counted then)
     */
    public void reserve(long n) throws MemoryBudgetExceededException {
        long want;
        long need;
        synchronized (this) {
            if (n < 0) {
                throw new IllegalArgumentException("negative reservation: " + n);
            }
            if (closed) {
                throw new IllegalStateException("reservation already closed");
            }
            want = used + n;
            if (want < 0) {
                throw new MemoryBudgetExceededException(Long.MAX_VALUE, budget.capacity(), budget.reserved() - granted);
            }
            if (want <= granted) {
                used = want;
                return;
            }
            need = want - granted;
        }
        // outside this object's lock: the budget may wait, and close() must stay possible meanwhile
        long more = roundUp(need);
        long got = budget.tryTake(more) ? more : budget.take(this, granted, need) ? need : -1;
        synchronized (this) {
            if (got < 0) {
                throw new MemoryBudgetExceededException(want, budget.capacity(), budget.reserved() - granted);
            }
            if (closed) { // closed while we waited: hand it straight back
                budget.give(got);
                throw new IllegalStateException("reservation already closed");
            }
            granted += got;
            used = want;
        }
    }

    /**
     * Gives back {@code n} bytes counted earlier (the memory they stood for is no longer held).
     * After {@link #close()} it does nothing: close gave everything back (a thread of an ended
     * session may free its buffers later).
     */
    public synchronized void release(long n) {
        if (closed) {
            return;
        }
        if (n < 0 || n > used) {
            throw new IllegalArgumentException("cannot release " + n + " of " + used + " bytes");
        }
        used -= n;
        long spare = granted - roundUp(used);
        if (spare >= CHUNK && !closed) {
            granted -= spare;
            budget.give(spare);
        }
    }

    /** Bytes this connection has counted. */
    public synchronized long used() {
        return used;
    }

    /** Bytes taken from the shared pool (what this connection counted, rounded up to chunks). */
    long granted() {
        return granted;
    }

    /** Gives everything back to the shared pool; later calls do nothing. */
    @Override
    public void close() {
        long back;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            back = granted;
            granted = 0;
            used = 0;
        }
        budget.closed(this, back);
    }

    private static long roundUp(long n) {
        long r = (n + CHUNK - 1) / CHUNK * CHUNK;
        return r < 0 ? Long.MAX_VALUE : r;
    }
}
