package byteback.rsync.wire;

import java.io.IOException;

/** Writing rsync's primitive wire values, the mirror of {@link WireInput} (rsync: io.c write_*). */
public interface WireOutput {
    void writeByte(int b) throws IOException;

    void write(byte[] buf, int off, int len) throws IOException;

    void writeShort(int v) throws IOException;

    void writeInt(int v) throws IOException;

    /** rsync: io.c write_longint. */
    void writeLong(long v) throws IOException;

    /** rsync: io.c write_varint. */
    void writeVarint(int v) throws IOException;

    /** rsync: io.c write_varlong. */
    void writeVarlong(long v, int minBytes) throws IOException;
}
