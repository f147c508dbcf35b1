package byteback.rsync.session;

import byteback.rsync.wire.IoClock;
import byteback.rsync.protocol.NdxWriter;
import byteback.rsync.wire.WireWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A hand-built client (sender) stream for protocol 31 without string negotiation: what stock
 * rsync writes for {@code rsync -r} of regular files, with hooks to make it hostile.
 */
final class ClientScript {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final WireWriter out = new WireWriter(bytes, new IoClock());
    final NdxWriter ndx = new NdxWriter(out, 31);

    /** Version exchange, then the multiplexed stream starts. */
    ClientScript hello(int version) throws IOException {
        out.writeInt(version);
        out.startMultiplex();
        return this;
    }

    /** One regular file entry (rsync: flist.c send_file_entry, no -t/-p/-o/-g, byte flags). */
    ClientScript file(String name, long size) throws IOException {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        out.writeByte(0x40); // XMIT_LONG_NAME
        out.writeVarint(n.length);
        out.write(n, 0, n.length);
        out.writeVarlong(size, 3);
        out.writeVarlong(1_700_000_000L, 4);
        out.writeInt(0100644);
        return this;
    }

    ClientScript endOfList() throws IOException {
        out.writeByte(0);
        return this;
    }

    /** A whole file sent as literal data against no basis. */
    ClientScript transferLiteral(int index, byte[] content) throws IOException {
        ndx.write(index);
        out.writeShort(1 << 15); // ITEM_TRANSFER
        sumHead(0, 0, 0, 0);
        out.writeInt(content.length);
        out.write(content, 0, content.length);
        out.writeInt(0);
        out.write(md5(content), 0, 16);
        return this;
    }

    /** As {@link #transferLiteral} with a wrong whole-file checksum. */
    ClientScript transferCorrupt(int index, byte[] content) throws IOException {
        ndx.write(index);
        out.writeShort(1 << 15);
        sumHead(0, 0, 0, 0);
        out.writeInt(content.length);
        out.write(content, 0, content.length);
        out.writeInt(0);
        byte[] wrong = md5(content);
        wrong[0] ^= 1;
        out.write(wrong, 0, 16);
        return this;
    }

    ClientScript phaseDone() throws IOException {
        ndx.write(-1);
        return this;
    }

    /** The rest of a protocol 31 sender's ends after the first phase end. */
    ClientScript doneAfterFirstPhase() throws IOException {
        for (int i = 0; i < 3; i++) {
            ndx.write(-1);
        }
        return this;
    }

    ClientScript sumHead(int count, int blength, int s2length, int remainder) throws IOException {
        out.writeInt(count);
        out.writeInt(blength);
        out.writeInt(s2length);
        out.writeInt(remainder);
        return this;
    }

    /** The three phase ends and the final goodbye of a protocol 31 sender. */
    ClientScript done() throws IOException {
        for (int i = 0; i < 4; i++) {
            ndx.write(-1);
        }
        return this;
    }

    byte[] bytes() throws IOException {
        out.flush();
        return bytes.toByteArray();
    }

    static byte[] md5(byte[] b) {
        try {
            return MessageDigest.getInstance("MD5").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
