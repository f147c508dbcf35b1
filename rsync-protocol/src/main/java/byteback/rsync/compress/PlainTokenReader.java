package byteback.rsync.compress;

import byteback.rsync.wire.WireInput;
import java.io.IOException;

/**
 * The uncompressed token stream (rsync: token.c simple_recv_token): an int n &gt; 0 followed by n
 * literal bytes, an int -(i+1) for block i, 0 for the end of the file. A literal run longer than
 * CHUNK_SIZE is handed out in CHUNK_SIZE pieces.
 */
final class PlainTokenReader implements TokenReader {
    private final byte[] buf = new byte[TokenLimits.CHUNK_SIZE];
    private int residue;

    @Override
    public int next(WireInput in) throws IOException {
        if (residue == 0) {
            int i = in.readInt();
            if (i <= 0) {
                return i;
            }
            residue = i;
        }
        int n = Math.min(TokenLimits.CHUNK_SIZE, residue);
        residue -= n;
        in.readFully(buf, 0, n);
        return n;
    }

    @Override
    public byte[] literal() {
        return buf;
    }

    @Override
    public int literalOffset() {
        return 0;
    }

    @Override
    public void seeMatch(byte[] data, int off, int len) {
    }
}
