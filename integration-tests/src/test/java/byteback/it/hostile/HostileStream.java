package byteback.it.hostile;

import byteback.rsync.compress.Compression;
import byteback.rsync.compress.TokenWriter;
import byteback.rsync.wire.IoClock;
import byteback.rsync.protocol.NdxWriter;
import byteback.rsync.wire.WireWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A hostile client's half of a protocol-31 session (no 'v' in -e: MD5 sums), written with the
 * project's own wire encoders, to pipe into {@code ssh ... rsync --server -re.LsfxCIu . .}.
 * The rsync-protocol module's test EvilClient is the full toolkit; this is the part an SSH test
 * needs. Indices are those of the sorted list ("." first, then files, then directories).
 */
final class HostileStream {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final WireWriter out = new WireWriter(bytes, new IoClock());
    private final NdxWriter ndx = new NdxWriter(out, 31);
    private final TokenWriter tokens;

    HostileStream(Compression compression) throws IOException {
        tokens = compression.newWriter(compression.effectiveLevel(null), 31);
        out.writeInt(31);
        out.startMultiplex();
    }

    /** rsync: flist.c send_file_entry with XMIT_LONG_NAME, no owner/group. */
    HostileStream entry(String name, long size, int mode) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        out.writeByte(name.equals(".") ? 0x41 : 0x40);
        out.writeVarint(n.length);
        out.write(n, 0, n.length);
        out.writeVarlong(size, 3);
        out.writeVarlong(1_700_000_000L, 4);
        out.writeInt(mode);
        return this;
    }

    HostileStream endOfList() throws IOException {
        out.writeByte(0);
        return this;
    }

    /** A file's data as literal tokens against no basis, then a whole-file sum (not checked here). */
    HostileStream transfer(int index, byte[] data, byte[] fileSum) throws IOException {
        ndx.write(index);
        out.writeShort(1 << 15);
        for (int i = 0; i < 4; i++) {
            out.writeInt(0);
        }
        tokens.literal(out, data, 0, data.length);
        tokens.endOfFile(out);
        out.write(fileSum, 0, fileSum.length);
        return this;
    }

    HostileStream done() throws IOException {
        for (int i = 0; i < 4; i++) {
            ndx.write(-1);
        }
        return this;
    }

    byte[] bytes() throws IOException {
        out.flush();
        tokens.close();
        return bytes.toByteArray();
    }
}
