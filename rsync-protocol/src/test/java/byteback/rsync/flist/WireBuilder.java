package byteback.rsync.flist;

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

    /** rsync: io.c write_varint. */
    WireBuilder varint(int x) {
        byte[] b = new byte[5];
        for (int i = 0; i < 4; i++) {
            b[1 + i] = (byte) (x >>> (8 * i));
        }
        int cnt = 4;
        while (cnt > 1 && b[cnt] == 0) {
            cnt--;
        }
        int bit = 1 << (7 - cnt + 1);
        if ((b[cnt] & 0xff) >= bit) {
            cnt++;
            b[0] = (byte) ~(bit - 1);
        } else if (cnt > 1) {
            b[0] = (byte) (b[cnt] | ~(bit * 2 - 1));
        } else {
            b[0] = b[1];
        }
        out.write(b, 0, cnt);
        return this;
    }

    /** rsync: io.c write_varlong. */
    WireBuilder varlong(long x, int minBytes) {
        byte[] b = new byte[9];
        for (int i = 0; i < 8; i++) {
            b[1 + i] = (byte) (x >>> (8 * i));
        }
        int cnt = 8;
        while (cnt > minBytes && b[cnt] == 0) {
            cnt--;
        }
        int bit = 1 << (7 - cnt + minBytes);
        if ((b[cnt] & 0xff) >= bit) {
            cnt++;
            b[0] = (byte) ~(bit - 1);
        } else if (cnt > minBytes) {
            b[0] = (byte) (b[cnt] | ~(bit * 2 - 1));
        } else {
            b[0] = b[cnt];
        }
        out.write(b, 0, cnt);
        return this;
    }

    byte[] toBytes() {
        return out.toByteArray();
    }
}
