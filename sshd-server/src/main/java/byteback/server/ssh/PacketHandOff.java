package byteback.server.ssh;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A bounded first-in-first-out hand-off of finished items (SSH packets) from the thread that makes
 * them to a drainer on another thread that writes them, so that the maker goes on with its next
 * work (a restore: reading and checksumming the next file) while the last packets are encrypted
 * and written. At most {@code capacity} items wait; {@link #put} blocks beyond that
 * (backpressure). A drainer is started on the executor once {@code startAt} items wait, or by
 * {@link #flush}, and runs until the queue is empty, so a busy stream costs one wake-up per few
 * items, not one per item. Items reach the sink one at a time, in order.
 * <p>
 * When the sink fails, or {@link #abort} is called (the channel closed, the client vanished),
 * waiting items are dropped and every later {@link #put} and {@link #flush} — also one already
 * blocked — throws at once.
 */
final class PacketHandOff<T> {
    /** Writes one item (on the drainer's thread). */
    interface Sink<T> {
        void write(T item) throws IOException;
    }

    private final int capacity;
    private final int startAt;
    private final Executor executor;
    private final Sink<T> sink;
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private final ReentrantLock lock = new ReentrantLock();
    /** Signalled when an item left the queue, the drainer stopped, or the hand-off failed. */
    private final Condition changed = lock.newCondition();
    /** A drainer was started and has not yet found the queue empty. */
    private boolean draining;
    private IOException failure;

    /**
     * @param capacity items that may wait at most (≥ 1)
     * @param startAt  waiting items that start a drainer without a flush (1 ≤ startAt ≤ capacity)
     */
    PacketHandOff(int capacity, int startAt, Executor executor, Sink<T> sink) {
        if (capacity < 1 || startAt < 1 || startAt > capacity) {
            throw new IllegalArgumentException("capacity " + capacity + ", start at " + startAt);
        }
        this.capacity = capacity;
        this.startAt = startAt;
        this.executor = executor;
        this.sink = sink;
    }

    /** Queues {@code item}, waiting while the queue is full. */
    void put(T item) throws IOException {
        boolean start;
        lock.lock();
        try {
            while (true) {
                throwIfFailed();
                if (queue.size() < capacity) {
                    break;
                }
                if (!draining) {
                    // full and nobody drains (startAt > free room cannot happen, but never wait for nothing)
                    draining = true;
                    startDrainer();
                }
                awaitChange();
            }
            queue.addLast(item);
            start = !draining && queue.size() >= startAt;
            if (start) {
                draining = true;
            }
        } finally {
            lock.unlock();
        }
        if (start) {
            startDrainer();
        }
    }

    /** Waits until every queued item was written by the sink (or throws why it was not). */
    void flush() throws IOException {
        boolean start = false;
        lock.lock();
        try {
            throwIfFailed();
            if (!queue.isEmpty() && !draining) {
                draining = true;
                start = true;
            }
        } finally {
            lock.unlock();
        }
        if (start) {
            startDrainer();
        }
        lock.lock();
        try {
            while (true) {
                throwIfFailed();
                if (queue.isEmpty() && !draining) {
                    return;
                }
                awaitChange();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops what waits and fails every later or blocked {@link #put}/{@link #flush} with {@code why}. */
    void abort(String why) {
        fail(new IOException(why));
    }

    /** Items waiting (for tests and logs). */
    int waiting() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void fail(IOException e) {
        lock.lock();
        try {
            if (failure == null) {
                failure = e;
            }
            queue.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void throwIfFailed() throws IOException {
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
    }

    private void awaitChange() throws InterruptedIOException {
        try {
            changed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting to hand output over");
        }
    }

    private void startDrainer() {
        try {
            executor.execute(this::drain);
        } catch (RejectedExecutionException e) {
            lock.lock();
            try {
                draining = false;
            } finally {
                lock.unlock();
            }
            fail(new IOException("no thread to write the output: " + e.getMessage(), e));
        }
    }

    /** The drainer: writes items until the queue is empty (or the hand-off failed). */
    private void drain() {
        while (true) {
            T item;
            lock.lock();
            try {
                item = failure == null ? queue.pollFirst() : null;
                if (item == null) {
                    draining = false;
                }
                changed.signalAll();
            } finally {
                lock.unlock();
            }
            if (item == null) {
                return;
            }
            try {
                sink.write(item);
            } catch (IOException e) {
                fail(e);
            } catch (RuntimeException | Error e) {
                fail(new IOException("writing the output failed: " + e, e));
            }
        }
    }
}
