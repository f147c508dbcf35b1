package byteback.rsync.flist;

import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireInput;
import java.io.IOException;

/** Small bounded reads on top of {@link WireInput}. */
final class WireBytes {
    private WireBytes() {}

    static byte[] read(WireInput in, int len) throws IOException {
        byte[] b = new byte[len];
        in.readFully(b, 0, len);
        return b;
    }

    /** rsync: io.c read_varint_bounded. */
    static int varint(WireInput in, int lo, int hi, String what) throws IOException {
        int v = in.readVarint();
        if (v < lo || v > hi) {
            throw new ProtocolException(what + " out of range: " + v + " not in [" + lo + ","
                    + hi + "]");
        }
        return v;
    }
}
