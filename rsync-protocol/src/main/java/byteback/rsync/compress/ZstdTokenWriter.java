package byteback.rsync.compress;

import byteback.rsync.memory.MemoryBudgetExceededException;
import byteback.rsync.memory.Reservation;
import byteback.rsync.wire.WireOutput;
import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The zstd token stream, sending side (rsync: token.c send_zstd_token). One zstd stream for the
 * whole session (never reset between files); literal data is compressed with ZSTD_e_continue and
 * the stream is flushed (ZSTD_e_flush) before the next token, so that the receiver can produce
 * all the data before it. Output goes out in DEFLATED_DATA packets of at most MAX_DATA_COUNT
 * bytes, exactly as rsync cuts them.
 */
final class ZstdTokenWriter implements TokenWriter {
    private final ZstdCompressCtx cctx;
    /** zstd-jni frees a context only on close(): free it also when a session forgets to. */
    private final java.lang.ref.Cleaner.Cleanable cleanable;
    private final Reservation reservation;
    private final long charged;
    private boolean closed;
    private final TokenRuns runs = new TokenRuns();
    private final ByteBuffer src = ByteBuffer.allocateDirect(TokenLimits.CHUNK_SIZE);
    private final ByteBuffer dst = ByteBuffer.allocateDirect(TokenLimits.MAX_DATA_COUNT);
    private final byte[] obuf = new byte[2 + TokenLimits.MAX_DATA_COUNT];
    private boolean flushPending;

    ZstdTokenWriter(int level) throws MemoryBudgetExceededException {
        this(level, null);
    }

    /**
     * At most {@link ZstdLimits#MAX_COMPRESS_LEVEL} whatever the client asked for (the client's
     * decoder reads any level); the compressor's native memory is charged to {@code reservation}
     * (may be null) until {@link #close}.
     */
    ZstdTokenWriter(int level, Reservation reservation) throws MemoryBudgetExceededException {
        int used = Math.min(level, ZstdLimits.MAX_COMPRESS_LEVEL);
        this.reservation = reservation;
        this.charged = ZstdLimits.compressorBytes(used);
        if (reservation != null) {
            reservation.reserve(charged);
        }
        cctx = new ZstdCompressCtx();
        cctx.setLevel(used);
        cleanable = NativeCleaner.register(this, cctx);
    }

    @Override
    public void literal(WireOutput out, byte[] data, int off, int len) throws IOException {
        if (len <= 0) {
            return;
        }
        runs.step(out, -2, true);
        while (len > 0) {
            int n = Math.min(len, src.capacity());
            src.clear();
            src.put(data, off, n);
            src.flip();
            while (src.hasRemaining()) {
                compress(out, EndDirective.CONTINUE);
            }
            off += n;
            len -= n;
        }
        flushPending = true;
    }

    @Override
    public void match(WireOutput out, int blockIndex, byte[] blockData, int off, int len) throws IOException {
        runs.step(out, blockIndex, false);
        flush(out);
    }

    @Override
    public void endOfFile(WireOutput out) throws IOException {
        runs.step(out, -1, false);
        flush(out);
        out.writeByte(TokenFlags.END_FLAG);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        cleanable.clean();
        if (reservation != null) {
            reservation.release(charged);
        }
    }

    private void flush(WireOutput out) throws IOException {
        if (!flushPending) {
            return;
        }
        src.clear().flip();
        while (!compress(out, EndDirective.FLUSH)) {
            // more output pending
        }
        flushPending = false;
    }

    /** One ZSTD_compressStream2 call; sends what it produced. Returns true when a flush is complete. */
    private boolean compress(WireOutput out, EndDirective mode) throws IOException {
        dst.clear();
        boolean done = cctx.compressDirectByteBufferStream(dst, src, mode);
        int n = dst.position();
        if (n > 0) {
            obuf[0] = (byte) (TokenFlags.DEFLATED_DATA + (n >>> 8));
            obuf[1] = (byte) n;
            dst.flip();
            dst.get(obuf, 2, n);
            out.write(obuf, 0, n + 2);
        }
        return done;
    }
}
