package byteback.rsync.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Our byte stream to the client: rsync's primitive values, buffered, and after
 * {@link #startMultiplex} framed as MSG_DATA with out-of-band messages between frames
 * (rsync: io.c write_buf, send_msg, io_flush). Thread-safe: the generator writes data while the
 * receiver and the watchdog send messages.
 */
public final class WireWriter implements WireOutput {
    private static final int HEADER = 4;

    private final OutputStream out;
    private final IoClock clock;
    /** buf[0..HEADER) is room for the frame header; data starts at HEADER. */
    private final byte[] buf;
    private int len = HEADER;
    private boolean multiplexed;
    private long totalWritten;
    private final byte[] scratch = new byte[16];
    private volatile boolean broken;

    public WireWriter(OutputStream out, IoClock clock) {
        this(out, clock, 64 * 1024);
    }

    public WireWriter(OutputStream out, IoClock clock, int bufferSize) {
        this.out = out;
        this.clock = clock;
        this.buf = new byte[HEADER + bufferSize];
    }

    /** rsync: io.c io_start_multiplex_out. */
    public synchronized void startMultiplex() throws IOException {
        flushData();
        multiplexed = true;
    }

    public synchronized boolean isMultiplexed() {
        return multiplexed;
    }

    public synchronized long totalWritten() {
        return totalWritten;
    }

    private void emit(byte[] b, int off, int n) throws IOException {
        try {
            out.write(b, off, n);
        } catch (IOException e) {
            broken = true;
            throw e;
        }
        totalWritten += n;
        clock.output();
    }

    /** Sends buffered data as one frame (or raw), without flushing the stream. */
    private void flushData() throws IOException {
        int n = len - HEADER;
        if (n == 0) {
            return;
        }
        if (multiplexed) {
            putHeader(buf, 0, MessageCode.DATA, n);
            emit(buf, 0, len);
        } else {
            emit(buf, HEADER, n);
        }
        len = HEADER;
    }

    private static void putHeader(byte[] b, int off, int code, int n) {
        int h = ((MessageCode.MPLEX_BASE + code) << 24) | n;
        b[off] = (byte) h;
        b[off + 1] = (byte) (h >>> 8);
        b[off + 2] = (byte) (h >>> 16);
        b[off + 3] = (byte) (h >>> 24);
    }

    /** Writes everything buffered to the client (rsync: io.c io_flush FULL_FLUSH). */
    public synchronized void flush() throws IOException {
        flushData();
        try {
            out.flush();
        } catch (IOException e) {
            broken = true;
            throw e;
        }
    }

    /** True once a write to the client failed; nothing more can be sent. */
    public boolean isBroken() {
        return broken;
    }

    /** An out-of-band message, sent at once (rsync: io.c send_msg). */
    public synchronized void sendMessage(int code, byte[] payload) throws IOException {
        if (!multiplexed) {
            throw new IllegalStateException("messages need a multiplexed stream");
        }
        if (payload.length > MessageCode.MAX_FRAME) {
            throw new IllegalArgumentException("message too long");
        }
        flushData();
        byte[] h = new byte[HEADER];
        putHeader(h, 0, code, payload.length);
        emit(h, 0, HEADER);
        if (payload.length > 0) {
            emit(payload, 0, payload.length);
        }
        flush();
    }

    /** rsync: io.c send_msg_int. */
    public void sendMessageInt(int code, int value) throws IOException {
        sendMessage(code, new byte[] {(byte) value, (byte) (value >>> 8), (byte) (value >>> 16), (byte) (value >>> 24)});
    }

    /** A text message (MSG_INFO, MSG_ERROR, ...), as rsync's rprintf sends it. */
    public void sendText(int code, String text) throws IOException {
        sendMessage(code, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A keep-alive when nothing else is pending (rsync: io.c maybe_send_keepalive): an empty
     * MSG_DATA for protocol 31+, MSG_NOOP for protocol 30.
     */
    public synchronized void sendKeepAlive(int protocol) throws IOException {
        if (!multiplexed) {
            return;
        }
        if (len > HEADER) {
            flush();
            return;
        }
        sendMessage(protocol >= 31 ? MessageCode.DATA : MessageCode.NOOP, new byte[0]);
    }

    // ---- WireOutput ------------------------------------------------------------------------

    @Override
    public synchronized void writeByte(int b) throws IOException {
        if (len == buf.length) {
            flushData();
        }
        buf[len++] = (byte) b;
    }

    @Override
    public synchronized void write(byte[] src, int off, int n) throws IOException {
        while (n > 0) {
            if (len == buf.length) {
                flushData();
            }
            int k = Math.min(n, buf.length - len);
            System.arraycopy(src, off, buf, len, k);
            len += k;
            off += k;
            n -= k;
        }
    }

    private void ensure(int n) throws IOException {
        if (buf.length - len < n) {
            flushData();
        }
    }

    @Override
    public synchronized void writeShort(int v) throws IOException {
        ensure(2);
        buf[len++] = (byte) v;
        buf[len++] = (byte) (v >>> 8);
    }

    @Override
    public synchronized void writeInt(int v) throws IOException {
        ensure(4);
        buf[len++] = (byte) v;
        buf[len++] = (byte) (v >>> 8);
        buf[len++] = (byte) (v >>> 16);
        buf[len++] = (byte) (v >>> 24);
    }

    @Override
    public synchronized void writeLong(long v) throws IOException {
        if (v >= 0 && v <= 0x7FFFFFFFL) {
            writeInt((int) v);
            return;
        }
        writeInt(-1);
        writeInt((int) v);
        writeInt((int) (v >>> 32));
    }

    @Override
    public synchronized void writeVarint(int v) throws IOException {
        int n = VarCodec.encodeVarint(v, scratch);
        write(scratch, 0, n);
    }

    @Override
    public synchronized void writeVarlong(long v, int minBytes) throws IOException {
        int n = VarCodec.encodeVarlong(v, minBytes, scratch);
        write(scratch, 0, n);
    }

    /** rsync: io.c write_vstring. */
    public synchronized void writeVstring(byte[] s) throws IOException {
        if (s.length > 0x7FFF) {
            throw new IllegalArgumentException("vstring too long");
        }
        if (s.length >= 0x80) {
            writeByte(s.length >>> 8 | 0x80);
        }
        writeByte(s.length & 0xFF);
        write(s, 0, s.length);
    }
}
