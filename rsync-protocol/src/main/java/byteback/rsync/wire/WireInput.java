package byteback.rsync.wire;

import java.io.IOException;

/**
 * Reading rsync's primitive wire values from the (demultiplexed) data stream. Every method reads
 * exactly what rsync's io.c writes and throws {@link java.io.EOFException} on a truncated stream
 * and {@link ProtocolException} on a value that cannot be valid.
 */
public interface WireInput {
    /** One unsigned byte, 0..255 (rsync: io.c read_byte). */
    int readByte() throws IOException;

    /** Exactly {@code len} bytes (rsync: io.c read_buf). */
    void readFully(byte[] buf, int off, int len) throws IOException;

    /** Two bytes, little-endian, unsigned (rsync: io.c read_shortint). */
    int readShort() throws IOException;

    /** Four bytes, little-endian, signed (rsync: io.c read_int). */
    int readInt() throws IOException;

    /** rsync: io.c read_longint — an int, or -1 followed by eight bytes. */
    long readLong() throws IOException;

    /** rsync: io.c read_varint. */
    int readVarint() throws IOException;

    /** rsync: io.c read_varlong with its {@code min_bytes}. */
    long readVarlong(int minBytes) throws IOException;
}
