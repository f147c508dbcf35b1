package byteback.rsync.compress;

import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireInput;
import byteback.rsync.wire.WireOutput;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;

/** A minimal in-memory WireOutput/WireInput pair for codec tests (rsync: io.c formats). */
final class MemoryWire implements WireOutput {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    byte[] toByteArray() {
        return bytes.toByteArray();
    }

    Input input() {
        return new Input(toByteArray());
    }

    @Override
    public void writeByte(int b) {
        bytes.write(b);
    }

    @Override
    public void write(byte[] buf, int off, int len) {
        bytes.write(buf, off, len);
    }

    @Override
    public void writeShort(int v) {
        writeByte(v);
        writeByte(v >>> 8);
    }

    @Override
    public void writeInt(int v) {
        writeShort(v);
        writeShort(v >>> 16);
    }

    @Override
    public void writeLong(long v) {
        if (v >= 0 && v <= 0x7fffffffL) {
            writeInt((int) v);
        } else {
            writeInt(-1);
            writeInt((int) v);
            writeInt((int) (v >>> 32));
        }
    }

    @Override
    public void writeVarint(int v) {
        throw new UnsupportedOperationException("not needed by the token codecs");
    }

    @Override
    public void writeVarlong(long v, int minBytes) {
        throw new UnsupportedOperationException("not needed by the token codecs");
    }

    static final class Input implements WireInput {
        private final byte[] data;
        private int pos;

        Input(byte[] data) {
            this.data = data;
        }

        int remaining() {
            return data.length - pos;
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
            return readShort() | readShort() << 16;
        }

        @Override
        public long readLong() throws IOException {
            int v = readInt();
            if (v != -1) {
                return v;
            }
            return (readInt() & 0xffffffffL) | (long) readInt() << 32;
        }

        @Override
        public int readVarint() throws IOException {
            throw new ProtocolException("not needed by the token codecs");
        }

        @Override
        public long readVarlong(int minBytes) throws IOException {
            throw new ProtocolException("not needed by the token codecs");
        }
    }
}
