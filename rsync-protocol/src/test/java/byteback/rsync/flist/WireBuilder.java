package byteback.rsync.flist;

import byteback.rsync.wire.VarCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Test-side encoder of rsync wire values (io.c write_*), for hand-built hostile streams. */
final class WireBuilder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    WireBuilder b(int v) {
        out.write(v);
        return this;
    }

    WireBuilder bytes(byte[] v) {
        out.writeBytes(v);
        return this;
    }

    WireBuilder str(String s) {
        return bytes(s.getBytes(StandardCharsets.UTF_8));
    }

    WireBuilder i32(int v) {
        for (int i = 0; i < 4; i++) {
            out.write(v >>> (8 * i));
        }
        return this;
    }

    /** rsync: io.c write_varint, through the codec the receiver decodes with. */
    WireBuilder varint(int x) {
        byte[] b = new byte[5];
        out.write(b, 0, VarCodec.encodeVarint(x, b));
        return this;
    }

    /** rsync: io.c write_varlong. */
    WireBuilder varlong(long x, int minBytes) {
        byte[] b = new byte[9];
        out.write(b, 0, VarCodec.encodeVarlong(x, minBytes, b));
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
