package byteback.rsync.compress;

import byteback.rsync.wire.WireOutput;
import java.io.IOException;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * The lz4 token stream, sending side (rsync: token.c send_compressed_token). Each DEFLATED_DATA
 * packet is an independent LZ4 block of at most MAX_DATA_COUNT input bytes; when a block would not
 * fit in MAX_DATA_COUNT output bytes, the input is halved, as rsync does. Unlike rsync we never
 * send a packet for empty input (rsync's receiver would take its empty output for the end of the
 * file).
 */
final class Lz4TokenWriter implements TokenWriter {
    private static final int MAX = TokenLimits.MAX_DATA_COUNT;

    private final LZ4Compressor compressor = LZ4Factory.fastestInstance().fastCompressor();
    private final TokenRuns runs = new TokenRuns();
    private final byte[] obuf = new byte[2 + Math.max(compressor.maxCompressedLength(TokenLimits.CHUNK_SIZE), MAX + 2)];

    @Override
    public void literal(WireOutput out, byte[] data, int off, int len) throws IOException {
        if (len <= 0) {
            return;
        }
        runs.step(out, -2, true);
        while (len > 0) {
            int in = Math.min(len, MAX);
            int n;
            for (;;) {
                n = compressor.compress(data, off, in, obuf, 2, obuf.length - 2);
                if (n <= MAX) {
                    break;
                }
                in /= 2;
            }
            obuf[0] = (byte) (TokenFlags.DEFLATED_DATA + (n >>> 8));
            obuf[1] = (byte) n;
            out.write(obuf, 0, n + 2);
            off += in;
            len -= in;
        }
    }

    @Override
    public void match(WireOutput out, int blockIndex, byte[] blockData, int off, int len) throws IOException {
        runs.step(out, blockIndex, false);
    }

    @Override
    public void endOfFile(WireOutput out) throws IOException {
        runs.step(out, -1, false);
        out.writeByte(TokenFlags.END_FLAG);
    }
}
