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
 * ({@code WINDOW_SIZE}, see {@link Tuning}) plus two chunks: 4 MiB + 128 KiB, and it holds only
 * as many chunks as the deepest the queue has been.
 */
final class ChannelInput implements ChannelDataReceiver {
    /** Chunks as large as the largest data packet we accept. */
    static final int CHUNK = 64 * 1024;
    /** Emptied chunks are kept for reuse, as many as the window can need (allocation was 290 MiB a backup). */
    private static final int SPARE_CHUNKS = Integer.MAX_VALUE;

    private final PacketQueue queue;

    private ChannelInput(PacketQueue queue) {
        this.queue = queue;
    }

    /** Installs a new receiver on the channel; the command reads from {@link #input()}. */
    static ChannelInput install(ChannelSession channel) {
        LocalWindow window = channel.getLocalWindow();
        long capacity = window.getMaxSize();
        ChannelInput in = new ChannelInput(new PacketQueue(capacity, CHUNK, SPARE_CHUNKS, n -> {
            if (window.isOpen()) window.release(n);
        }));
        channel.setDataReceiver(in);
        return in;
    }

    InputStream input() {
        return queue.input();
    }

    /** The channel or its session is gone: the reader's next read fails. */
    void abort() {
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
        queue.endOfInput();
    }
}
