package byteback.rsync.compress;

import byteback.rsync.memory.MemoryBudgetExceededException;
import byteback.rsync.memory.Reservation;
import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireInput;
import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The zstd token stream (rsync: token.c recv_zstd_token): one zstd stream over the whole session,
 * its bytes carried in DEFLATED_DATA packets between the token flags. Output is produced into a
 * fixed buffer of two zstd blocks (as rsync sizes it), however much a packet inflates to. The
 * decoder's window is limited by {@link ZstdLimits} (8 MiB unless set otherwise; rsync allows
 * zstd's default of 128 MiB), and what the decoder holds natively is charged to the session's
 * memory reservation until {@link #close}, which the session calls when it ends.
 */
final class ZstdTokenReader implements TokenReader {
    private enum State { INIT, IDLE, INFLATING, RUNNING }

    /** rsync: ZSTD_DStreamOutSize() * 2 — two maximal zstd blocks. */
    private static final int OUT_SIZE = 2 * 128 * 1024;

    private final ZstdDecompressCtx dctx;
    /** zstd-jni frees a context only on close(): free it also when a session forgets to. */
    private final java.lang.ref.Cleaner.Cleanable cleanable;
    private final Reservation reservation;
    private final int windowLogMax = ZstdLimits.windowLogMax();
    private final long charged;
    private boolean closed;
    private final byte[] cbuf = new byte[TokenLimits.MAX_DATA_COUNT];
    private final ByteBuffer src = ByteBuffer.allocateDirect(TokenLimits.MAX_DATA_COUNT);
    private final ByteBuffer dst = ByteBuffer.allocateDirect(OUT_SIZE);
    private final byte[] dbuf = new byte[OUT_SIZE];
    private final TokenNumbers numbers = new TokenNumbers();
    private State state = State.INIT;

    ZstdTokenReader() throws MemoryBudgetExceededException {
        this(null);
    }

    /** @param reservation charged with the decoder's native memory until {@link #close}; may be null */
    ZstdTokenReader(Reservation reservation) throws MemoryBudgetExceededException {
        this.reservation = reservation;
        this.charged = (1L << windowLogMax) + ZstdLimits.CONTEXT_BYTES + TokenLimits.MAX_DATA_COUNT + OUT_SIZE;
        if (reservation != null) {
            reservation.reserve(charged);
        }
        dctx = new ZstdDecompressCtx();
        dctx.setLongMax(windowLogMax);
        cleanable = NativeCleaner.register(this, dctx);
        ZstdLimits.opened();
    }

    @Override
    public int next(WireInput in) throws IOException {
        for (;;) {
            switch (state) {
                case INIT:
                    numbers.reset();
                    state = State.IDLE;
                    break;
                case IDLE: {
                    int flag = in.readByte();
                    if (TokenFlags.isData(flag)) {
                        int n = ((flag & 0x3f) << 8) + in.readByte();
                        in.readFully(cbuf, 0, n);
                        src.clear();
                        src.put(cbuf, 0, n);
                        src.flip();
                        state = State.INFLATING;
                        break;
                    }
                    if (flag == TokenFlags.END_FLAG) {
                        state = State.INIT;
                        return 0;
                    }
                    int token = numbers.decode(in, flag);
                    if (numbers.running()) {
                        state = State.RUNNING;
                    }
                    return token;
                }
                case INFLATING: {
                    dst.clear();
                    int consumedBefore = src.position();
                    try {
                        dctx.decompressDirectByteBufferStream(dst, src);
                    } catch (ZstdException e) {
                        throw new ProtocolException("ZSTD decomp failed: " + e.getMessage() + windowHint(e));
                    }
                    int n = dst.position();
                    if (!src.hasRemaining() && n < OUT_SIZE) {
                        state = State.IDLE;
                    }
                    if (n != 0) {
                        dst.flip();
                        dst.get(dbuf, 0, n);
                        return n;
                    }
                    if (state == State.INFLATING && src.position() == consumedBefore) {
                        throw new ProtocolException("ZSTD decomp made no progress");
                    }
                    break;
                }
                case RUNNING: {
                    int token = numbers.nextInRun();
                    if (!numbers.running()) {
                        state = State.IDLE;
                    }
                    return token;
                }
                default:
                    throw new IllegalStateException(state.toString());
            }
        }
    }

    @Override
    public byte[] literal() {
        return dbuf;
    }

    @Override
    public int literalOffset() {
        return 0;
    }

    @Override
    public void seeMatch(byte[] data, int off, int len) {
    }

    /** zstd's "Frame requires too much memory for decoding": the client's window is over the bound. */
    private String windowHint(ZstdException e) {
        String m = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
        if (!m.contains("memory") && !m.contains("window")) {
            return "";
        }
        return " (this server decodes zstd windows up to " + ((1L << windowLogMax) >> 20)
                + " MiB: use --compress-level=19 or lower)";
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
        ZstdLimits.closed();
        if (reservation != null) {
            reservation.release(charged);
        }
    }
}
