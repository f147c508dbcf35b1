package byteback.rsync.compress;

import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireInput;
import java.io.IOException;

/**
 * Decodes the block references of the compressed token streams, runs included (rsync: token.c
 * recv_compressed_token_num / recv_compressed_token_run), with rsync's bounds on token numbers.
 */
final class TokenNumbers {
    /** rsync: token.c MAX_TOKEN_INDEX. */
    private static final int MAX_TOKEN_INDEX = 0x7ffffffe;

    private int token;
    private int run;

    /** Start of a file: numbers are relative to 0 again. */
    void reset() {
        token = 0;
        run = 0;
    }

    /** Whether a run announced earlier still has tokens to hand out. */
    boolean running() {
        return run > 0;
    }

    /** Decodes a token flag (not data, not END_FLAG); returns -(i+1) for block i. */
    int decode(WireInput in, int flag) throws IOException {
        boolean withRun;
        if ((flag & TokenFlags.TOKEN_REL) != 0) {
            int incr = flag & 0x3f;
            if (token > MAX_TOKEN_INDEX - incr) {
                throw invalid();
            }
            token += incr;
            withRun = (flag & TokenFlags.TOKENRUN_REL) == TokenFlags.TOKENRUN_REL;
        } else if (flag == TokenFlags.TOKEN_LONG || flag == TokenFlags.TOKENRUN_LONG) {
            token = in.readInt();
            if (token < 0 || token > MAX_TOKEN_INDEX) {
                throw invalid();
            }
            withRun = flag == TokenFlags.TOKENRUN_LONG;
        } else {
            throw new ProtocolException("invalid flag byte 0x" + Integer.toHexString(flag) + " in compressed token stream");
        }
        if (withRun) {
            int r = in.readByte();
            r |= in.readByte() << 8;
            if (r <= 0 || token > MAX_TOKEN_INDEX - r) {
                throw invalid();
            }
            run = r;
        }
        return -1 - token;
    }

    /** The next token of the current run. */
    int nextInRun() throws ProtocolException {
        if (run <= 0 || token >= MAX_TOKEN_INDEX) {
            throw invalid();
        }
        token++;
        run--;
        return -1 - token;
    }

    private static ProtocolException invalid() {
        return new ProtocolException("invalid token number in compressed stream");
    }
}
