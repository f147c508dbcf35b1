package byteback.rsync.flist;

import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireInput;
import java.io.EOFException;
import java.io.IOException;

/** Test-side {@link WireInput} over a byte array, decoding as rsync's io.c does. */
final class BytesWireInput implements WireInput {
    private static final int[] EXTRA = new int[64];

    static {
        for (int i = 32; i < 48; i++) {
            EXTRA[i] = 1;
        }
        for (int i = 48; i < 56; i++) {
            EXTRA[i] = 2;
        }
        EXTRA[56] = EXTRA[57] = EXTRA[58] = EXTRA[59] = 3;
        EXTRA[60] = EXTRA[61] = 4;
        EXTRA[62] = 5;
        EXTRA[63] = 6;
    }

    private final byte[] data;
    private int pos;

    BytesWireInput(byte[] data) {
        this.data = data;
    }

    int position() {
        return pos;
    }

    @Override
    public int readByte() throws IOException {
        if (pos >= data.length) {
            throw new EOFException("end of stream");
        }
        return data[pos++] & 0xff;
    }

    @Override
    public void readFully(byte[] buf, int off, int len) throws IOException {
        if (len > data.length - pos) {
            pos = data.length;
            throw new EOFException("end of stream");
        }
        System.arraycopy(data, pos, buf, off, len);
        pos += len;
    }

    @Override
    public int readShort() throws IOException {
        return readByte() | readByte() << 8;
    }

    @Override
    public int readInt() throws IOException {
        return readByte() | readByte() << 8 | readByte() << 16 | readByte() << 24;
    }

    @Override
    public long readLong() throws IOException {
        int v = readInt();
        if (v != -1) {
            return v;
        }
        return (readInt() & 0xffffffffL) | ((long) readInt()) << 32;
    }

    @Override
    public int readVarint() throws IOException {
        int ch = readByte();
        int extra = EXTRA[ch / 4];
        byte[] b = new byte[5];
        if (extra > 0) {
            if (extra >= 5) {
                throw new ProtocolException("Overflow in read_varint()");
            }
            int bit = 1 << (8 - extra);
            readFully(b, 0, extra);
            b[extra] = (byte) (ch & (bit - 1));
        } else {
            b[0] = (byte) ch;
        }
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    @Override
    public long readVarlong(int minBytes) throws IOException {
        byte[] b2 = new byte[8];
        readFully(b2, 0, minBytes);
        byte[] b = new byte[9];
        System.arraycopy(b2, 1, b, 0, minBytes - 1);
        int first = b2[0] & 0xff;
        int extra = EXTRA[first / 4];
        if (extra > 0) {
            if (minBytes + extra > 9) {
                throw new ProtocolException("Overflow in read_varlong()");
            }
            int bit = 1 << (8 - extra);
            readFully(b, minBytes - 1, extra);
            b[minBytes + extra - 1] = (byte) (first & (bit - 1));
        } else {
            b[minBytes - 1] = (byte) first;
        }
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = v << 8 | (b[i] & 0xff);
        }
        return v;
    }
}
