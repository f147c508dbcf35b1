package byteback.rsync.protocol;

import byteback.rsync.wire.WireOutput;

import java.io.IOException;

/** Writes file-list indexes as rsync codes them (rsync: io.c write_ndx); keeps its running state. */
public final class NdxWriter {
    private final WireOutput out;
    private final int protocol;
    private int prevPositive = -1;
    private int prevNegative = 1;
    private final byte[] b = new byte[6];

    public NdxWriter(WireOutput out, int protocol) {
        this.out = out;
        this.protocol = protocol;
    }

    public void write(int ndx) throws IOException {
        if (protocol < 30) {
            out.writeInt(ndx);
            return;
        }
        int cnt = 0;
        int diff;
        if (ndx >= 0) {
            diff = ndx - prevPositive;
            prevPositive = ndx;
        } else if (ndx == NdxReader.NDX_DONE) {
            out.writeByte(0);
            return;
        } else {
            b[cnt++] = (byte) 0xFF;
            ndx = -ndx;
            diff = ndx - prevNegative;
            prevNegative = ndx;
        }
        if (diff < 0xFE && diff > 0) {
            b[cnt++] = (byte) diff;
        } else if (diff < 0 || diff > 0x7FFF) {
            b[cnt++] = (byte) 0xFE;
            b[cnt++] = (byte) ((ndx >> 24) | 0x80);
            b[cnt++] = (byte) ndx;
            b[cnt++] = (byte) (ndx >> 8);
            b[cnt++] = (byte) (ndx >> 16);
        } else {
            b[cnt++] = (byte) 0xFE;
            b[cnt++] = (byte) (diff >> 8);
            b[cnt++] = (byte) diff;
        }
        out.write(b, 0, cnt);
    }
}
