package byteback.rsync.compress;

import byteback.rsync.wire.WireOutput;
import java.io.IOException;
import java.util.zip.Deflater;

/**
 * The zlib and zlibx token streams, sending side (rsync: token.c send_deflated_token). Raw
 * deflate (window bits -15, memLevel 8), reset for every file; literal data is deflated without
 * flushing, and before the next token the stream is sync-flushed and the flush's trailing
 * 00 00 ff ff dropped. Compressed bytes go out in DEFLATED_DATA packets of at most
 * MAX_DATA_COUNT bytes. For zlib the data of each matched block is added to the compressor's
 * history as rsync does when built against a zlib without Z_INSERT_ONLY: deflated with a sync
 * flush and the output discarded (the receiver rebuilds the same history in see_deflate_token).
 */
final class DeflateTokenWriter implements TokenWriter {
    private static final int MAX = TokenLimits.MAX_DATA_COUNT;

    private final boolean seeHistory;
    private final boolean duplicatingBug;
    private final Deflater deflater;
    private final TokenRuns runs = new TokenRuns();
    /** Compressed bytes not yet sent, at [2, 2 + staged); [0, 2) is room for the packet header. */
    private final byte[] obuf = new byte[2 + MAX + 4];
    private final byte[] scratch = new byte[TokenLimits.availOutSize(TokenLimits.CHUNK_SIZE)];
    private int staged;
    private boolean flushPending;

    DeflateTokenWriter(boolean seeHistory, int level, int protocol) {
        this.seeHistory = seeHistory;
        this.duplicatingBug = protocol < 31;
        this.deflater = new Deflater(level, true);
    }

    @Override
    public void literal(WireOutput out, byte[] data, int off, int len) throws IOException {
        if (len <= 0) {
            return;
        }
        start(out, -2, true);
        while (len > 0) {
            int n = Math.min(len, TokenLimits.CHUNK_SIZE);
            deflater.setInput(data, off, n);
            while (!deflater.needsInput()) {
                deflateStaged(out);
            }
            off += n;
            len -= n;
        }
        sendStaged(out, staged);
        flushPending = true;
    }

    @Override
    public void match(WireOutput out, int blockIndex, byte[] blockData, int off, int len) throws IOException {
        start(out, blockIndex, false);
        flushIfPending(out);
        if (seeHistory) {
            while (len > 0) {
                int n = Math.min(len, 0xffff);
                deflater.setInput(blockData, off, n);
                int produced;
                do {
                    produced = deflater.deflate(scratch, 0, scratch.length, Deflater.SYNC_FLUSH);
                } while (!deflater.needsInput() || produced == scratch.length);
                if (!duplicatingBug) {
                    off += n;
                }
                len -= n;
            }
        }
    }

    @Override
    public void endOfFile(WireOutput out) throws IOException {
        start(out, -1, false);
        flushIfPending(out);
        out.writeByte(TokenFlags.END_FLAG);
    }

    @Override
    public void close() {
        deflater.end();
    }

    private void start(WireOutput out, int token, boolean hasData) throws IOException {
        if (runs.step(out, token, hasData)) {
            deflater.reset();
            staged = 0;
            flushPending = false;
        }
    }

    private void flushIfPending(WireOutput out) throws IOException {
        if (!flushPending) {
            return;
        }
        for (;;) {
            int room = obuf.length - 2 - staged;
            int n = deflater.deflate(obuf, 2 + staged, room, Deflater.SYNC_FLUSH);
            staged += n;
            if (n < room) {
                break;
            }
            sendStaged(out, MAX); // full: send a packet, keep the last 4 bytes (maybe the trailer)
        }
        // drop the 00 00 ff ff of the empty stored block that ends a sync flush
        if (staged < 4 || obuf[2 + staged - 4] != 0 || obuf[2 + staged - 3] != 0
                || obuf[2 + staged - 2] != (byte) 0xff || obuf[2 + staged - 1] != (byte) 0xff) {
            throw new IllegalStateException("deflate sync flush did not end with 00 00 ff ff");
        }
        staged -= 4;
        sendStaged(out, staged);
        flushPending = false;
    }

    /** Deflates without flushing into the staging area, sending a packet whenever it is full. */
    private void deflateStaged(WireOutput out) throws IOException {
        int room = obuf.length - 2 - staged;
        staged += deflater.deflate(obuf, 2 + staged, room, Deflater.NO_FLUSH);
        if (staged == obuf.length - 2) {
            sendStaged(out, MAX);
        }
    }

    /** Sends the first {@code n} staged bytes as one packet and keeps the rest staged. */
    private void sendStaged(WireOutput out, int n) throws IOException {
        if (n <= 0) {
            return;
        }
        obuf[0] = (byte) (TokenFlags.DEFLATED_DATA + (n >>> 8));
        obuf[1] = (byte) n;
        out.write(obuf, 0, n + 2);
        int rest = staged - n;
        if (rest > 0) {
            System.arraycopy(obuf, 2 + n, obuf, 2, rest);
        }
        staged = rest;
    }
}
