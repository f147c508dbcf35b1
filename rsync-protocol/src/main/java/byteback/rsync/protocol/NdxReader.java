package byteback.rsync.protocol;

import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireInput;

import java.io.IOException;

/** Reads file-list indexes as rsync codes them (rsync: io.c read_ndx); keeps its running state. */
public final class NdxReader {
    public static final int NDX_DONE = -1;
    public static final int NDX_FLIST_EOF = -2;
    public static final int NDX_DEL_STATS = -3;
    public static final int NDX_FLIST_OFFSET = -101;

    private final WireInput in;
    private final int protocol;
    private int prevPositive = -1;
    private int prevNegative = 1;
    private final byte[] b = new byte[4];

    public NdxReader(WireInput in, int protocol) {
        this.in = in;
        this.protocol = protocol;
    }

    public int read() throws IOException {
        if (protocol < 30) {
            return in.readInt();
        }
        boolean negative = false;
        int first = in.readByte();
        if (first == 0xFF) {
            first = in.readByte();
            negative = true;
        } else if (first == 0) {
            return NDX_DONE;
        }
        int prev = negative ? prevNegative : prevPositive;
        long unum;
        if (first == 0xFE) {
            in.readFully(b, 0, 2);
            if ((b[0] & 0x80) != 0) {
                int b3 = b[0] & 0x7F;
                int b0 = b[1] & 0xFF;
                in.readFully(b, 0, 2);
                unum = b0 | (b[0] & 0xFFL) << 8 | (b[1] & 0xFFL) << 16 | (long) b3 << 24;
            } else {
                unum = ((b[0] & 0xFF) << 8) + (b[1] & 0xFF) + (prev & 0xFFFFFFFFL);
            }
        } else {
            unum = first + (prev & 0xFFFFFFFFL);
        }
        unum &= 0xFFFFFFFFL;
        if (unum > Integer.MAX_VALUE) {
            throw new ProtocolException("Invalid file index: " + unum);
        }
        int num = (int) unum;
        if (negative) {
            prevNegative = num;
            return -num;
        }
        prevPositive = num;
        return num;
    }
}
