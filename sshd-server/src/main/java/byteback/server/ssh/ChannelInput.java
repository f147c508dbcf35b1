package byteback.server.ssh;

import java.io.IOException;
import java.io.InputStream;
import org.apache.sshd.common.channel.LocalWindow;
import org.apache.sshd.server.channel.ChannelDataReceiver;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * Receives a session channel's data packets into a {@link PacketQueue} and reopens the SSH window
 * only as the command reads, in place of MINA's PipeDataReceiver (whose growing, compacting buffer
 * copied every byte several times). What one channel can hold is bounded by its window size
 * ({@code WINDOW_SIZE}, see {@link Tuning}) plus two chunks: 2 MiB + 128 KiB, and it holds only
 * the chunks its unread bytes fill; emptied chunks go to one pool for the whole server.
 */
final class ChannelInput implements ChannelDataReceiver {
    /** Chunks as large as the largest data packet we accept. */
    static final int CHUNK = 64 * 1024;
    /**
     * Emptied chunks kept for reuse, server-wide: two windows' worth, what a fast backup cycles
     * through (without reuse, allocation was 290 MiB a backup; with a pool per channel, c50 held
     * ~2 MiB of idle chunks per connection).
     */
    static final int POOLED_CHUNKS = 64;

    private static final ChunkPool POOL = new ChunkPool(CHUNK, POOLED_CHUNKS);
    /**
     * All channels' windows together: 32 MiB, sixteen full 2 MiB windows; beyond sixteen
     * connections each gets its share, at least 256 KiB (c50: 655 KiB each).
     */
    static final WindowBudget WINDOWS = new WindowBudget(32L << 20, 256L << 10);

    private final PacketQueue queue;
    private final WindowBudget.Share share;

    private ChannelInput(PacketQueue queue, WindowBudget.Share share) {
        this.queue = queue;
        this.share = share;
    }

    /** Installs a new receiver on the channel; the command reads from {@link #input()}. */
    static ChannelInput install(ChannelSession channel) {
        LocalWindow window = channel.getLocalWindow();
        long capacity = window.getMaxSize();
        WindowBudget.Share share = WINDOWS.join(capacity);
        ChannelInput in = new ChannelInput(new PacketQueue(capacity, POOL, n -> {
            long give = share.taken(n);
            if (give > 0 && window.isOpen()) window.release(give);
        }), share);
        channel.setDataReceiver(in);
        return in;
    }

    /** The server is idle: pooled chunks are dropped so that the heap can shrink. */
    static void releasePooledChunks() {
        POOL.clear();
    }

    InputStream input() {
        return queue.input();
    }

    /** The channel or its session is gone: the reader's next read fails. */
    void abort() {
        share.leave();
        queue.abort("the SSH channel was closed");
    }

    @Override
    public int data(ChannelSession channel, byte[] buf, int start, int len) throws IOException {
        // queued bytes are released to the window as they are read; dropped ones count at once
        return queue.offer(buf, start, len) ? 0 : len;
    }

    /** MINA calls this on the client's EOF and when the channel closes. */
    @Override
    public void close() {
        share.leave();
        queue.endOfInput();
    }
}
