package byteback.rsync.compress;

import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireInput;
import java.io.IOException;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The zlib and zlibx token streams (rsync: token.c recv_deflated_token, see_deflate_token).
 * Literal data arrives as raw deflate (window bits -15) in DEFLATED_DATA packets, each run of
 * packets ended by a sync flush whose trailing 00 00 ff ff the sender strips and we put back. For
 * zlib (not zlibx) the data of every matched block is fed to the inflater as a stored block so
 * that later literal data may refer back into it. The inflater is reset for every file.
 *
 * <p>Output is bounded by a fixed buffer: a packet that inflates to gigabytes is handed out one
 * buffer at a time.
 */
final class DeflateTokenReader implements TokenReader {
    private enum State { INIT, IDLE, INFLATING, INFLATED, RUNNING }

    private static final byte[] SYNC_TRAILER = {0, 0, (byte) 0xff, (byte) 0xff};

    private final boolean seeHistory;
    private final boolean duplicatingBug;
    private final Inflater inflater = new Inflater(true);
    private final byte[] cbuf = new byte[TokenLimits.MAX_DATA_COUNT];
    private final byte[] dbuf = new byte[TokenLimits.availOutSize(TokenLimits.CHUNK_SIZE)];
    private final byte[] storedHeader = new byte[5];
    private final TokenNumbers numbers = new TokenNumbers();
    private State state = State.INIT;
    private int savedFlag = -1;

    /**
     * @param seeHistory true for zlib (matched data joins the history), false for zlibx
     * @param protocol before 31 rsync fed the first 64 KiB - 1 of a long block repeatedly
     */
    DeflateTokenReader(boolean seeHistory, int protocol) {
        this.seeHistory = seeHistory;
        this.duplicatingBug = protocol < 31;
    }

    @Override
    public int next(WireInput in) throws IOException {
        for (;;) {
            switch (state) {
                case INIT:
                    inflater.reset();
                    numbers.reset();
                    state = State.IDLE;
                    break;
                case IDLE:
                case INFLATED: {
                    int flag;
                    if (savedFlag >= 0) {
                        flag = savedFlag;
                        savedFlag = -1;
                    } else {
                        flag = in.readByte();
                    }
                    if (TokenFlags.isData(flag)) {
                        int n = ((flag & 0x3f) << 8) + in.readByte();
                        in.readFully(cbuf, 0, n);
                        inflater.setInput(cbuf, 0, n);
                        state = State.INFLATING;
                        break;
                    }
                    if (state == State.INFLATED) {
                        // drain what the inflater still holds, then restore the stripped sync trailer
                        int n = inflate("inflate flush");
                        if (n != 0) {
                            savedFlag = flag;
                            return n;
                        }
                        inflater.setInput(SYNC_TRAILER, 0, 4);
                        n = inflate("inflate sync");
                        if (n != 0 || !inflater.needsInput()) {
                            throw new ProtocolException("decompressor lost sync!");
                        }
                        state = State.IDLE;
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
                    int n = inflate("inflate");
                    if (inflater.needsInput()) {
                        state = State.INFLATED;
                    } else if (n == 0) {
                        throw new ProtocolException("inflate made no progress");
                    }
                    if (n != 0) {
                        return n;
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

    private int inflate(String what) throws ProtocolException {
        try {
            int n = inflater.inflate(dbuf, 0, dbuf.length);
            if (inflater.finished()) {
                throw new ProtocolException(what + " returned end of stream: not a sync-flushed deflate stream");
            }
            return n;
        } catch (DataFormatException e) {
            throw new ProtocolException(what + " failed: " + e.getMessage());
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
    public void close() {
        inflater.end();
    }

    // rsync: token.c see_deflate_token
    @Override
    public void seeMatch(byte[] data, int off, int len) throws IOException {
        if (!seeHistory) {
            return;
        }
        while (len > 0) {
            int blklen = Math.min(len, 0xffff);
            storedHeader[0] = 0;
            storedHeader[1] = (byte) blklen;
            storedHeader[2] = (byte) (blklen >>> 8);
            storedHeader[3] = (byte) ~blklen;
            storedHeader[4] = (byte) (~blklen >>> 8);
            feedHistory(storedHeader, 0, 5);
            feedHistory(data, off, blklen);
            if (!duplicatingBug) {
                off += blklen;
            }
            len -= blklen;
        }
    }

    private void feedHistory(byte[] b, int off, int len) throws ProtocolException {
        inflater.setInput(b, off, len);
        int n;
        do {
            n = inflate("inflate (token)");
            if (n == 0 && !inflater.needsInput()) {
                throw new ProtocolException("inflate (token) made no progress");
            }
        } while (!inflater.needsInput() || n == dbuf.length);
    }
}
