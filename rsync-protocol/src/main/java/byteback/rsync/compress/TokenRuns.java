package byteback.rsync.compress;

import byteback.rsync.wire.WireOutput;
import java.io.IOException;

/**
 * Encodes block references of the compressed token streams as rsync's senders do, collecting
 * consecutive blocks into runs (the bookkeeping at the top of rsync: token.c send_deflated_token,
 * send_zstd_token and send_compressed_token). Tokens: {@code i >= 0} block i, -1 end of file,
 * -2 data without a token.
 */
final class TokenRuns {
    private int lastToken = -1;
    private int runStart;
    private int lastRunEnd;

    /**
     * Registers the next send_token call; writes out the previous run when this call ends it.
     *
     * @return true when this is the first call of a file (the compressor may need a reset)
     */
    boolean step(WireOutput out, int token, boolean hasData) throws IOException {
        boolean fileStart = false;
        if (lastToken == -1) {
            fileStart = true;
            lastRunEnd = 0;
            runStart = token;
        } else if (lastToken == -2) {
            runStart = token;
        } else if (hasData || token != lastToken + 1 || token >= runStart + 65536) {
            int r = runStart - lastRunEnd;
            int n = lastToken - runStart;
            if (r >= 0 && r <= 63) {
                out.writeByte((n == 0 ? TokenFlags.TOKEN_REL : TokenFlags.TOKENRUN_REL) + r);
            } else {
                out.writeByte(n == 0 ? TokenFlags.TOKEN_LONG : TokenFlags.TOKENRUN_LONG);
                out.writeInt(runStart);
            }
            if (n != 0) {
                out.writeByte(n & 0xff);
                out.writeByte((n >>> 8) & 0xff);
            }
            lastRunEnd = lastToken;
            runStart = token;
        }
        lastToken = token;
        return fileStart;
    }
}
