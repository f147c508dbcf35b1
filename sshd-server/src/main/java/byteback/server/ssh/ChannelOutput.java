package byteback.server.ssh;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayDeque;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.RemoteWindow;
import org.apache.sshd.common.io.IoWriteFuture;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.channel.ChannelSession;

/**
 * A command's standard output as SSH_MSG_CHANNEL_DATA packets, written into packet buffers that
 * are reused once the transport has written them, in place of MINA's ChannelOutputStream (which
 * allocates a new packet buffer for every packet and grows it while filling: ~1 GiB of garbage
 * per GiB restored, and with the server's small young generation the in-flight buffers were
 * promoted and collected by full collections). The bytes are copied once, into the packet; a
 * packet goes out when it is full (the client's maximum packet size) or on {@link #flush()}, and
 * never beyond the client's window. Buffers kept for reuse: at most {@link #SPARE} per channel.
 * One writer at a time (the rsync stream is written under its own lock).
 */
final class ChannelOutput extends OutputStream {
    /** Header bytes before the data in a channel data packet: SSH header, command, recipient, length. */
    private static final int DATA_OFFSET = SshConstants.SSH_PACKET_HEADER_LEN + 1 + 4 + 4;
    /** Packet buffers kept for reuse per channel (their writes completed). */
    static final int SPARE = 16;

    private final ChannelSession channel;
    private final Session session;
    private final RemoteWindow window;
    private final Duration maxWait;
    private final ArrayDeque<Buffer> spare = new ArrayDeque<>();
    /** The packet being filled (null: none yet); its data starts at {@link #DATA_OFFSET}. */
    private Buffer packet;
    private int pending;
    private boolean closed;

    ChannelOutput(ChannelSession channel) {
        this.channel = channel;
        this.session = channel.getSession();
        this.window = channel.getRemoteWindow();
        this.maxWait = CoreModuleProperties.WAIT_FOR_SPACE_TIMEOUT.getRequired(channel);
    }

    private int packetSize() {
        return (int) Math.min(Integer.MAX_VALUE - DATA_OFFSET - 256, window.getPacketSize());
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            ensureOpen();
            if (packet == null) {
                packet = newPacket();
            }
            int room = packetSize() - pending;
            if (room <= 0) {
                send();
                continue;
            }
            int n = Math.min(room, len);
            packet.putRawBytes(b, off, n);
            pending += n;
            off += n;
            len -= n;
            if (pending >= packetSize()) {
                send();
            }
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        ensureOpen();
        while (pending > 0) {
            send();
        }
    }

    /** Flushes; the channel itself is closed by MINA when the command exits. */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            try {
                flush();
            } finally {
                closed = true;
            }
        }
    }

    private void ensureOpen() throws IOException {
        if (closed || !channel.isOpen()) {
            throw new IOException("the SSH channel is closed");
        }
    }

    /** Sends what is pending, or as much of it as the client's window takes (the rest stays pending). */
    private void send() throws IOException {
        long available;
        try {
            available = window.waitForSpace(maxWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the client's SSH window");
        }
        int n = (int) Math.min(available, pending);
        Buffer out = packet;
        Buffer rest = null;
        if (n < pending) {
            // the window is short: the tail goes into the next packet
            rest = newPacket();
            rest.putRawBytes(out.array(), DATA_OFFSET + n, pending - n);
        }
        int end = DATA_OFFSET + n;
        out.wpos(DATA_OFFSET - 4);
        out.putUInt(n);
        out.wpos(end);
        try {
            window.waitAndConsume(n, maxWait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for the client's SSH window");
        }
        packet = rest;
        pending -= n;
        session.resetIdleTimeout(); // sending is activity too (a long restore may read nothing)
        IoWriteFuture f = channel.writePacket(out);
        f.addListener(done -> {
            if (done.isWritten()) {
                recycle(out);
            }
        });
    }

    /** A packet buffer with the channel data header written and the length left to fill in. */
    private Buffer newPacket() {
        Buffer b;
        synchronized (spare) {
            b = spare.pollFirst();
        }
        b = b == null ? session.createBuffer(SshConstants.SSH_MSG_CHANNEL_DATA, 12 + packetSize())
                : session.prepareBuffer(SshConstants.SSH_MSG_CHANNEL_DATA, b);
        b.putUInt(channel.getRecipient());
        b.putUInt(0); // the data's length, set when sent
        return b;
    }

    /** Called by the transport once a packet is on its way (its buffer is ours again). */
    private void recycle(Buffer b) {
        synchronized (spare) {
            if (spare.size() < SPARE) {
                spare.addFirst(b);
            }
        }
    }
}
