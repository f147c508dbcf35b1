package byteback.rsync.compress;

import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireInput;
import java.io.IOException;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * The lz4 token stream (rsync: token.c recv_compressed_token): each DEFLATED_DATA packet is an
 * independent LZ4 block decompressed into a fixed buffer (LZ4_compressBound(CHUNK_SIZE) bytes, as
 * rsync sizes it); a block that would decompress to more is an error. A packet that decompresses
 * to nothing is skipped (rsync would take it for the end of the file).
 */
final class Lz4TokenReader implements TokenReader {
    private final LZ4SafeDecompressor decompressor = LZ4Factory.fastestInstance().safeDecompressor();
    private final byte[] cbuf = new byte[TokenLimits.MAX_DATA_COUNT];
    private final byte[] dbuf = new byte[Math.max(
            LZ4Factory.fastestInstance().fastCompressor().maxCompressedLength(TokenLimits.CHUNK_SIZE),
            TokenLimits.MAX_DATA_COUNT + 2)];
    private final TokenNumbers numbers = new TokenNumbers();
    private boolean fileStart = true;

    @Override
    public int next(WireInput in) throws IOException {
        if (fileStart) {
            numbers.reset();
            fileStart = false;
        }
        if (numbers.running()) {
            return numbers.nextInRun();
        }
        for (;;) {
            int flag = in.readByte();
            if (TokenFlags.isData(flag)) {
                int n = ((flag & 0x3f) << 8) + in.readByte();
                in.readFully(cbuf, 0, n);
                int out;
                try {
                    out = decompressor.decompress(cbuf, 0, n, dbuf, 0, dbuf.length);
                } catch (LZ4Exception e) {
                    throw new ProtocolException("uncompress failed: " + e.getMessage());
                }
                if (out > 0) {
                    return out;
                }
                continue;
            }
            if (flag == TokenFlags.END_FLAG) {
                fileStart = true;
                return 0;
            }
            return numbers.decode(in, flag);
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
}
