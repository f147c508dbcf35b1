package byteback.rsync.memory;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The memory that all connections of one server may hold for what their clients make them keep
 * (file lists above all): one shared pool, sized from the heap. A connection draws from it through
 * its own {@link Reservation}. Without a shared pool every connection's own limit
 * (the file list's FileListLimits) would hold alone, and a few hostile clients together
 * could still exhaust the heap.
 *
 * <p>When the pool cannot give what a connection asks for, the largest holder pays: a connection
 * that holds at least as much as every other one is refused at once
 * ({@link MemoryBudgetExceededException}, the connection ends, the others go on); a smaller one
 * waits (at most {@code maxWait} milliseconds) for memory to come back, which it does as soon as
 * the large holders, asking for more, are refused and end. So hostile senders of huge file lists
 * cannot starve an honest backup whose list is smaller than theirs.
 */
public final class MemoryBudget {
    /** A budget that never refuses: for the standalone receiver (one connection per JVM) and tests. */
    public static final MemoryBudget UNLIMITED = new MemoryBudget(Long.MAX_VALUE, 0);

    /** How long a small holder waits for memory by default. */
    public static final long DEFAULT_MAX_WAIT_MILLIS = 60_000;

    private final long capacity;
    private final long maxWaitMillis;
    private final Set<Reservation> open = Collections.newSetFromMap(new IdentityHashMap<>());
    private long reserved;

    /** @param capacity bytes all connections together may reserve */
    public MemoryBudget(long capacity) {
        this(capacity, DEFAULT_MAX_WAIT_MILLIS);
    }

    /**
     * @param capacity      bytes all connections together may reserve
     * @param maxWaitMillis how long a connection that is not the largest holder waits for memory
     *                      before it is refused
     */
    public MemoryBudget(long capacity, long maxWaitMillis) {
        if (capacity < 1 || maxWaitMillis < 0) {
            throw new IllegalArgumentException("memory budget must be positive: " + capacity);
        }
        this.capacity = capacity;
        this.maxWaitMillis = maxWaitMillis;
    }

    /** A budget of {@code percent} per cent of this JVM's maximum heap (-Xmx). */
    public static MemoryBudget ofHeapPercent(int percent) {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("heap percentage must be 1..100: " + percent);
        }
        return new MemoryBudget(Math.max(1, Runtime.getRuntime().maxMemory() / 100 * percent));
    }

    /** A new, empty reservation for one connection; close it when the connection ends. */
    public Reservation open() {
        Reservation r = new Reservation(this);
        if (this != UNLIMITED) {
            synchronized (this) {
                open.add(r);
            }
        }
        return r;
    }

    public long capacity() {
        return capacity;
    }

    /** Bytes reserved by all open reservations together. */
    public synchronized long reserved() {
        return reserved;
    }

    /** Reservations not yet closed. */
    public synchronized int openReservations() {
        return open.size();
    }

    /**
     * Takes {@code n} bytes for {@code r}, which holds {@code held} already; waits while others
     * hold more than it. False when refused.
     */
    synchronized boolean take(Reservation r, long held, long n) {
        if (this == UNLIMITED) {
            return true;
        }
        long deadline = System.nanoTime() + maxWaitMillis * 1_000_000;
        while (n > capacity - reserved) {
            if (n > capacity || held >= largestOtherThan(r)) {
                return false;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        reserved += n;
        return true;
    }

    /** Takes {@code n} bytes if they are free now. */
    synchronized boolean tryTake(long n) {
        if (this == UNLIMITED) {
            return true;
        }
        if (n > capacity - reserved) {
            return false;
        }
        reserved += n;
        return true;
    }

    synchronized void give(long n) {
        if (this == UNLIMITED) {
            return;
        }
        reserved -= n;
        if (reserved < 0) {
            throw new IllegalStateException("memory budget released more than it lent");
        }
        notifyAll();
    }

    synchronized void closed(Reservation r, long granted) {
        open.remove(r);
        give(granted);
    }

    private long largestOtherThan(Reservation r) {
        long max = 0;
        for (Reservation o : open) {
            if (o != r) {
                max = Math.max(max, o.granted());
            }
        }
        return max;
    }
}
