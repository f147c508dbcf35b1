package byteback.rsync.wire;

/**
 * rsync's variable-length integer encodings as pure functions on byte arrays
 * (rsync: io.c write_varint, write_varlong, read_varint, read_varlong).
 */
public final class VarCodec {
    private VarCodec() {}

    /** How many bytes follow a leading byte (rsync: io.c int_byte_extra), indexed by byte/4. */
    private static final byte[] EXTRA = {
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
        2, 2, 2, 2, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 6,
    };

    /** Number of extra bytes announced by the leading byte {@code lead} (0..255). */
    public static int extraBytes(int lead) {
        return EXTRA[(lead & 0xFF) >>> 2];
    }

    /** Encodes {@code x} into {@code out} (at least 5 bytes), returns the length (rsync: write_varint). */
    public static int encodeVarint(int x, byte[] out) {
        byte[] b = new byte[5];
        b[1] = (byte) x;
        b[2] = (byte) (x >>> 8);
        b[3] = (byte) (x >>> 16);
        b[4] = (byte) (x >>> 24);
        int cnt = 4;
        while (cnt > 1 && b[cnt] == 0) {
            cnt--;
        }
        int bit = 1 << (8 - cnt);
        if ((b[cnt] & 0xFF) >= bit) {
            cnt++;
            b[0] = (byte) ~(bit - 1);
        } else if (cnt > 1) {
            b[0] = (byte) (b[cnt] | ~(bit * 2 - 1));
        } else {
            b[0] = b[1];
        }
        System.arraycopy(b, 0, out, 0, cnt);
        return cnt;
    }

    /** Encodes {@code x} into {@code out} (at least 9 bytes), returns the length (rsync: write_varlong). */
    public static int encodeVarlong(long x, int minBytes, byte[] out) {
        byte[] b = new byte[9];
        for (int i = 0; i < 8; i++) {
            b[1 + i] = (byte) (x >>> (8 * i));
        }
        int cnt = 8;
        while (cnt > minBytes && b[cnt] == 0) {
            cnt--;
        }
        int bit = 1 << (7 - cnt + minBytes);
        if ((b[cnt] & 0xFF) >= bit) {
            cnt++;
            b[0] = (byte) ~(bit - 1);
        } else if (cnt > minBytes) {
            b[0] = (byte) (b[cnt] | ~(bit * 2 - 1));
        } else {
            b[0] = b[cnt];
        }
        System.arraycopy(b, 0, out, 0, cnt);
        return cnt;
    }

    /**
     * Decodes a varint whose leading byte is {@code lead} and whose {@link #extraBytes} extra
     * bytes are {@code rest[0..]} (rsync: read_varint).
     */
    public static int decodeVarint(int lead, byte[] rest) throws ProtocolException {
        int extra = extraBytes(lead);
        if (extra == 0) {
            return lead & 0xFF;
        }
        if (extra >= 5) {
            throw new ProtocolException("Overflow in read_varint()");
        }
        int bit = 1 << (8 - extra);
        byte[] u = new byte[5];
        System.arraycopy(rest, 0, u, 0, extra);
        u[extra] = (byte) (lead & (bit - 1));
        return (u[0] & 0xFF) | (u[1] & 0xFF) << 8 | (u[2] & 0xFF) << 16 | (u[3] & 0xFF) << 24;
    }

    /**
     * Decodes a varlong from its first {@code minBytes} bytes {@code head} and the
     * {@code extraBytes(head[0])} bytes {@code rest} (rsync: read_varlong).
     */
    public static long decodeVarlong(byte[] head, int minBytes, byte[] rest) throws ProtocolException {
        byte[] u = new byte[9];
        System.arraycopy(head, 1, u, 0, minBytes - 1);
        int lead = head[0] & 0xFF;
        int extra = extraBytes(lead);
        if (extra > 0) {
            if (minBytes + extra > 9) {
                throw new ProtocolException("Overflow in read_varlong()");
            }
            int bit = 1 << (8 - extra);
            System.arraycopy(rest, 0, u, minBytes - 1, extra);
            u[minBytes + extra - 1] = (byte) (lead & (bit - 1));
        } else {
            u[minBytes - 1] = (byte) lead;
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (u[i] & 0xFF);
        }
        return v;
    }
}
