package byteback.rsync.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The client's byte stream as rsync's primitive values: buffered, and after
 * {@link #startMultiplex} demultiplexed — MSG_DATA frames are the data, every other frame is
 * handed to the {@link MessageHandler} (rsync: io.c read_buf, read_a_msg). Used by one thread.
 */
public final class WireReader implements WireInput {
    /** Largest out-of-band message we accept; rsync's own limit is a path buffer. */
    public static final int MAX_MESSAGE = 64 * 1024;

    private final InputStream in;
    private final IoClock clock;
    private final byte[] buf;

    /** The size of this reader's buffer: what it holds for its session. */
    public int bufferSize() {
        return buf.length;
    }
    private int pos;
    private int lim;
    private boolean multiplexed;
    /** Bytes of the current MSG_DATA frame not yet consumed. */
    private int frameLeft;
    private MessageHandler handler = (code, payload) -> {
        throw new ProtocolException("unexpected message " + code + " from the client");
    };
    private long totalRead;
    private final byte[] scratch = new byte[16];
    private final byte[] header = new byte[4];

    /**
     * The read buffer of every session: one SSH data packet (64 KiB). It was 256 KiB; the bytes
     * come from an in-memory queue or a pipe that hands over at most that much per read anyway,
     * and every connection of a server holds one (c50: 12 MiB).
     */
    public static final int BUFFER = 64 * 1024;

    public WireReader(InputStream in, IoClock clock) {
        this(in, clock, BUFFER);
    }

    public WireReader(InputStream in, IoClock clock, int bufferSize) {
        this.in = in;
        this.clock = clock;
        this.buf = new byte[bufferSize];
    }

    /** From now on the stream is multiplexed (rsync: io.c io_start_multiplex_in). */
    public void startMultiplex(MessageHandler handler) {
        this.multiplexed = true;
        this.handler = handler;
    }

    /** Raw bytes read from the stream so far (rsync: stats.total_read). */
    public long totalRead() {
        return totalRead;
    }

    // ---- raw layer -------------------------------------------------------------------------

    /**
     * Called before a read that may block: a sender flushes what it wrote, so that a peer waiting
     * for it can answer (rsync: io.c flushes the output while it waits for input).
     */
    public void beforeBlocking(IoAction action) {
        this.beforeBlocking = action;
    }

    /** Something to do before blocking on input. */
    @FunctionalInterface
    public interface IoAction {
        void run() throws IOException;
    }

    private IoAction beforeBlocking;

    private void fill() throws IOException {
        if (pos == lim) {
            pos = 0;
            lim = 0;
        }
        if (beforeBlocking != null) {
            beforeBlocking.run();
        }
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) {
            throw new EOFException("connection unexpectedly closed (" + totalRead + " bytes received so far)");
        }
        lim += n;
        totalRead += n;
        clock.input();
    }

    private void rawFully(byte[] dst, int off, int len) throws IOException {
        while (len > 0) {
            if (pos == lim) {
                fill();
            }
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, dst, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    private int rawInt() throws IOException {
        rawFully(header, 0, 4);
        return (header[0] & 0xFF) | (header[1] & 0xFF) << 8 | (header[2] & 0xFF) << 16 | (header[3] & 0xFF) << 24;
    }

    /** Reads frames until some MSG_DATA bytes are available (rsync: io.c read_a_msg). */
    private void nextDataFrame() throws IOException {
        while (frameLeft == 0) {
            int header = rawInt();
            int tag = (header >>> 24) - MessageCode.MPLEX_BASE;
            int len = header & 0xFFFFFF;
            if (tag == MessageCode.DATA) {
                frameLeft = len;
                continue;
            }
            if (tag < 0 || len > MAX_MESSAGE) {
                throw new ProtocolException("invalid multiplexed frame (tag " + tag + ", length " + len + ")");
            }
            byte[] payload = new byte[len];
            rawFully(payload, 0, len);
            handler.onMessage(tag, payload);
        }
    }

    /** How many data bytes can be taken without blocking or crossing a frame. */
    private int available() throws IOException {
        if (multiplexed) {
            if (frameLeft == 0) {
                nextDataFrame();
            }
            if (pos == lim) {
                fill();
            }
            return Math.min(frameLeft, lim - pos);
        }
        if (pos == lim) {
            fill();
        }
        return lim - pos;
    }

    private void consumed(int n) {
        pos += n;
        if (multiplexed) {
            frameLeft -= n;
        }
    }

    // ---- WireInput -------------------------------------------------------------------------

    @Override
    public int readByte() throws IOException {
        available();
        int b = buf[pos] & 0xFF;
        consumed(1);
        return b;
    }

    @Override
    public void readFully(byte[] dst, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(len, available());
            System.arraycopy(buf, pos, dst, off, n);
            consumed(n);
            off += n;
            len -= n;
        }
    }

    @Override
    public int readShort() throws IOException {
        if (available() >= 2) {
            int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
            consumed(2);
            return v;
        }
        readFully(scratch, 0, 2);
        return (scratch[0] & 0xFF) | (scratch[1] & 0xFF) << 8;
    }

    @Override
    public int readInt() throws IOException {
        if (available() >= 4) {
            int p = pos;
            int v = (buf[p] & 0xFF) | (buf[p + 1] & 0xFF) << 8 | (buf[p + 2] & 0xFF) << 16 | (buf[p + 3] & 0xFF) << 24;
            consumed(4);
            return v;
        }
        readFully(scratch, 0, 4);
        return (scratch[0] & 0xFF) | (scratch[1] & 0xFF) << 8 | (scratch[2] & 0xFF) << 16 | (scratch[3] & 0xFF) << 24;
    }

    @Override
    public long readLong() throws IOException {
        int num = readInt();
        if (num != -1) {
            return num;
        }
        readFully(scratch, 0, 8);
        long lo = (scratch[0] & 0xFFL) | (scratch[1] & 0xFFL) << 8 | (scratch[2] & 0xFFL) << 16 | (scratch[3] & 0xFFL) << 24;
        long hi = (scratch[4] & 0xFFL) | (scratch[5] & 0xFFL) << 8 | (scratch[6] & 0xFFL) << 16 | (scratch[7] & 0xFFL) << 24;
        return lo | hi << 32;
    }

    @Override
    public int readVarint() throws IOException {
        int lead = readByte();
        int extra = VarCodec.extraBytes(lead);
        if (extra == 0) {
            return lead;
        }
        if (extra >= 5) {
            throw new ProtocolException("Overflow in read_varint()");
        }
        byte[] rest = new byte[extra];
        readFully(rest, 0, extra);
        return VarCodec.decodeVarint(lead, rest);
    }

    @Override
    public long readVarlong(int minBytes) throws IOException {
        byte[] head = new byte[minBytes];
        readFully(head, 0, minBytes);
        int extra = VarCodec.extraBytes(head[0]);
        if (minBytes + extra > 9) {
            throw new ProtocolException("Overflow in read_varlong()");
        }
        byte[] rest = new byte[extra];
        readFully(rest, 0, extra);
        return VarCodec.decodeVarlong(head, minBytes, rest);
    }

    /** rsync: io.c read_vstring — a length (1 or 2 bytes) and that many bytes, at most {@code max}. */
    public byte[] readVstring(int max) throws IOException {
        int len = readByte();
        if ((len & 0x80) != 0) {
            len = (len & 0x7F) << 8 | readByte();
        }
        if (len > max) {
            throw new ProtocolException("over-long vstring received (" + len + " > " + max + ")");
        }
        byte[] s = new byte[len];
        readFully(s, 0, len);
        return s;
    }
}
