package byteback.server.ssh;

import java.util.ArrayDeque;

/**
 * Emptied {@link PacketQueue} chunks, shared by every channel of the server and kept for reuse up
 * to a bound. A channel holds only the chunks its unread bytes fill; what it emptied goes back
 * here, so a server with fifty slow-reading connections keeps one window's worth of spare chunks
 * in all, not one per connection (c50: ~2 MiB of idle chunks per connection before), while one
 * fast backup still reuses its chunks instead of allocating a new one per 64 KiB received.
 */
final class ChunkPool {
    private final int chunkSize;
    private final int maxPooled;
    private final ArrayDeque<byte[]> pooled = new ArrayDeque<>();

    /**
     * @param chunkSize the size of every chunk
     * @param maxPooled how many emptied chunks are kept; beyond that they are left to the collector
     */
    ChunkPool(int chunkSize, int maxPooled) {
        if (chunkSize <= 0 || maxPooled < 0) {
            throw new IllegalArgumentException("chunk " + chunkSize + ", pooled " + maxPooled);
        }
        this.chunkSize = chunkSize;
        this.maxPooled = maxPooled;
    }

    int chunkSize() {
        return chunkSize;
    }

    /** A chunk to fill: a pooled one, or a new one. */
    byte[] take() {
        synchronized (pooled) {
            byte[] b = pooled.pollFirst();
            if (b != null) return b;
        }
        return new byte[chunkSize];
    }

    /** An emptied chunk, kept for the next {@link #take} while the pool has room. */
    void give(byte[] chunk) {
        if (chunk.length != chunkSize) throw new IllegalArgumentException("chunk of " + chunk.length + " bytes");
        synchronized (pooled) {
            if (pooled.size() < maxPooled) pooled.addFirst(chunk);
        }
    }

    /** Chunks kept for reuse now. */
    int pooled() {
        synchronized (pooled) {
            return pooled.size();
        }
    }

    /** Drops every pooled chunk (the server is idle: the heap can shrink). */
    void clear() {
        synchronized (pooled) {
            pooled.clear();
        }
    }
}
