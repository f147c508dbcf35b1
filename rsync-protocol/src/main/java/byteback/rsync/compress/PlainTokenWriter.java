package byteback.rsync.compress;

import byteback.rsync.wire.WireOutput;
import java.io.IOException;

/** The uncompressed token stream (rsync: token.c simple_send_token). */
final class PlainTokenWriter implements TokenWriter {
    @Override
    public void literal(WireOutput out, byte[] data, int off, int len) throws IOException {
        while (len > 0) {
            int n = Math.min(TokenLimits.CHUNK_SIZE, len);
            out.writeInt(n);
            out.write(data, off, n);
            off += n;
            len -= n;
        }
    }

    @Override
    public void match(WireOutput out, int blockIndex, byte[] blockData, int off, int len) throws IOException {
        out.writeInt(-(blockIndex + 1));
    }

    @Override
    public void endOfFile(WireOutput out) throws IOException {
        out.writeInt(0);
    }
}
