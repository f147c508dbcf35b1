package byteback.server.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bytes of a channel's incoming data packets, queued for one reader thread.
 *
 * <p>The writer (the SSH transport's I/O thread) copies each packet once into fixed-size chunks;
 * the reader takes bytes from the head chunk and hands every byte it took to {@link Release},
 * which is where the SSH window is reopened. The client can therefore never have more than
 * {@code capacity} bytes (the channel's window) waiting here; {@link #offer} refuses more. Chunks
 * come from a {@link ChunkPool} shared by all channels, are filled to the end and go back to the
 * pool once read, so a queue holds at most {@code capacity / chunkSize + 2} chunks, and only while
 * its bytes wait: a drained queue holds at most the one chunk still being filled. Nothing is ever
 * moved once queued (no growing or compacting buffers), and neither side copies while holding the
 * lock.
 *
 * <p>End states: {@link #endOfInput()} (the client's EOF or a graceful channel close) lets the
 * reader drain what is queued and then read -1; {@link #abort(String)} (the channel or session is
 * gone) makes every read fail at once; {@link InputStream#close()} by the reader discards what is
 * queued, releases it and accepts and releases anything that still arrives.
 */
final class PacketQueue {
    /** Reopens the sender's window by the given number of bytes the reader has taken. */
    @FunctionalInterface
    interface Release {
        void release(int bytes) throws IOException;
    }

    private static final class Chunk {
        final byte[] data;
        int start;
        int end;

        Chunk(byte[] data) {
            this.data = data;
        }
    }

    private final int capacity;
    private final ChunkPool pool;
    private final Release release;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition readable = lock.newCondition();
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private final InputStream input = new Input();

    // guarded by lock
    private long queued;
    private int chunksHeld;
    private boolean ended;
    private boolean readerClosed;
    private String abortReason;
    private boolean readerWaiting;

    /**
     * @param capacity the most bytes that may wait unread (the channel's window size)
     * @param pool     where the chunks packets are copied into come from and go back to
     * @param release  told of every byte the reader took (or that was discarded unread)
     */
    PacketQueue(long capacity, ChunkPool pool, Release release) {
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = (int) Math.min(capacity, Integer.MAX_VALUE - 2L * pool.chunkSize());
        this.pool = pool;
        this.release = release;
    }

    /** The stream the command reads the client's bytes from. */
    InputStream input() {
        return input;
    }

    /**
     * Queues a copy of {@code len} bytes for the reader. Only one thread may offer at a time (MINA
     * hands a channel's packets over one after the other).
     *
     * @return true when the bytes were queued (the window reopens as they are read); false when
     *         they were dropped because the reader is gone or the queue ended, in which case the
     *         caller counts them as consumed at once
     * @throws IOException when the bytes would exceed the capacity: the sender ignored the window
     */
    boolean offer(byte[] buf, int off, int len) throws IOException {
        Chunk tail;
        lock.lock();
        try {
            if (readerClosed || ended || abortReason != null) return false;
            if (queued + len > capacity) {
                throw new IOException("client sent " + (queued + len) + " bytes beyond the window of " + capacity);
            }
            tail = writableTail();
        } finally {
            lock.unlock();
        }
        int done = 0;
        while (true) {
            // the bytes beyond tail.end are the writer's alone until published below
            int n = Math.min(len - done, tail.data.length - tail.end);
            System.arraycopy(buf, off + done, tail.data, tail.end, n);
            done += n;
            lock.lock();
            try {
                if (readerClosed || abortReason != null) return false;
                tail.end += n;
                queued += n;
                if (readerWaiting) readable.signal();
                if (done == len) return true;
                tail = writableTail();
            } finally {
                lock.unlock();
            }
        }
    }

    /** The chunk the next bytes go into, with room. Caller holds the lock. */
    private Chunk writableTail() {
        Chunk tail = chunks.peekLast();
        if (tail == null || tail.end == tail.data.length) {
            tail = new Chunk(takeBuffer());
            chunks.addLast(tail);
        }
        return tail;
    }

    /** The client sends no more: the reader reads what is queued, then end of stream. */
    void endOfInput() {
        lock.lock();
        try {
            ended = true;
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The channel is gone: reads fail with the reason from now on, queued bytes are dropped. */
    void abort(String reason) {
        lock.lock();
        try {
            if (abortReason == null) abortReason = reason;
            dropQueued();
            readable.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes queued and not yet read. */
    long queued() {
        lock.lock();
        try {
            return queued;
        } finally {
            lock.unlock();
        }
    }

    /** Chunk buffers this queue holds (filled or being filled): what it costs in memory. */
    int chunksHeld() {
        lock.lock();
        try {
            return chunksHeld;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the reader is parked waiting for bytes (for tests). */
    boolean hasWaitingReader() {
        lock.lock();
        try {
            return readerWaiting;
        } finally {
            lock.unlock();
        }
    }

    /** Caller holds the lock (the pool has its own; it is never taken the other way round). */
    private byte[] takeBuffer() {
        chunksHeld++;
        return pool.take();
    }

    /** Caller holds the lock. */
    private void recycle(byte[] b) {
        chunksHeld--;
        pool.give(b);
    }

    /**
     * Drops everything queued; returns how many bytes that was. Caller holds the lock. The chunks
     * are left to the collector, not pooled: the writer may still be copying into the tail outside
     * the lock, and a pooled chunk could already be another channel's.
     */
    private long dropQueued() {
        long n = queued;
        chunks.clear();
        chunksHeld = 0;
        queued = 0;
        return n;
    }

    /**
     * Takes up to len bytes, waiting for at least one; -1 at the end. The caller releases them.
     * Only the reader calls this. The copying happens outside the lock, from the part of the head
     * chunk that is already published: the writer only ever appends beyond it, and a chunk is
     * recycled only once it is full and read to its end.
     */
    private int take(byte[] b, int off, int len) throws IOException {
        int done = 0;
        Chunk head;
        int from;
        int n;
        lock.lock();
        try {
            while (queued == 0) {
                if (abortReason != null) throw new IOException(abortReason);
                if (readerClosed) throw new IOException("stream closed");
                if (ended) return -1;
                readerWaiting = true;
                try {
                    readable.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while waiting for the client's data");
                } finally {
                    readerWaiting = false;
                }
            }
            head = readableHead();
            from = head.start;
            n = Math.min(len, head.end - from);
        } finally {
            lock.unlock();
        }
        while (true) {
            System.arraycopy(head.data, from, b, off + done, n);
            done += n;
            lock.lock();
            try {
                if (abortReason != null) throw new IOException(abortReason);
                head.start = from + n;
                queued -= n;
                if (done == len || queued == 0) {
                    recycleReadHead();
                    return done;
                }
                head = readableHead();
                from = head.start;
                n = Math.min(len - done, head.end - from);
            } finally {
                lock.unlock();
            }
        }
    }

    /** The first chunk with unread bytes, recycling fully read ones. Caller holds the lock, queued > 0. */
    private Chunk readableHead() {
        Chunk head = chunks.peekFirst();
        while (head.start == head.end) {
            chunks.pollFirst(); // queued > 0, so this read-out chunk is full and not the tail
            recycle(head.data);
            head = chunks.peekFirst();
        }
        return head;
    }

    /**
     * After a read: a head chunk that is full and read to its end goes back to the pool at once, so
     * a queue the reader keeps up with holds no more than the chunk being filled. Caller holds the lock.
     */
    private void recycleReadHead() {
        Chunk head = chunks.peekFirst();
        if (head != null && head.start == head.end && head.end == head.data.length) {
            chunks.pollFirst();
            recycle(head.data);
        }
    }

    private final class Input extends InputStream {
        private final byte[] one = new byte[1];

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) return 0;
            int n = take(b, off, len);
            if (n > 0) release.release(n);
            return n;
        }

        @Override
        public int available() {
            return (int) Math.min(queued(), Integer.MAX_VALUE);
        }

        @Override
        public void close() throws IOException {
            long dropped;
            lock.lock();
            try {
                if (readerClosed) return;
                readerClosed = true;
                dropped = dropQueued();
                readable.signalAll();
            } finally {
                lock.unlock();
            }
            if (dropped > 0) release.release((int) dropped);
        }
    }
}
