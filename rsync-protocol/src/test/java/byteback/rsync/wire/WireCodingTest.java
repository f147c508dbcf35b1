package byteback.rsync.wire;

import byteback.rsync.protocol.NdxReader;
import byteback.rsync.protocol.NdxWriter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class WireCodingTest {
    private static byte[] written(ThrowingWriter w) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WireWriter out = new WireWriter(bytes, new IoClock());
        w.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    private static WireReader reader(byte[] b) {
        return new WireReader(new ByteArrayInputStream(b), new IoClock());
    }

    interface ThrowingWriter {
        void write(WireWriter w) throws IOException;
    }

    @Test
    void varintsAsRsyncEncodesThem() throws IOException {
        // values worked out from rsync's io.c write_varint
        assertArrayEquals(new byte[] {0x05}, written(w -> w.writeVarint(5)));
        assertArrayEquals(new byte[] {(byte) 0x80, (byte) 0x80}, written(w -> w.writeVarint(0x80)));
        assertArrayEquals(new byte[] {(byte) 0xC0, 0x00, 0x40}, written(w -> w.writeVarint(0x4000)));
        assertArrayEquals(new byte[] {(byte) 0xF0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF},
                written(w -> w.writeVarint(-1)));
    }

    @Test
    void varlongWithMinimumBytes() throws IOException {
        // rsync's write_varlong(x, 3) for a small mtime-like value keeps 3 bytes
        assertArrayEquals(new byte[] {0x00, 0x00, 0x01}, written(w -> w.writeVarlong(0x100, 3)));
        assertEquals(0x5f3e_1234L, reader(written(w -> w.writeVarlong(0x5f3e_1234L, 4))).readVarlong(4));
    }

    @Property
    void varintRoundTrip(@ForAll int v) throws IOException {
        assertEquals(v, reader(written(w -> w.writeVarint(v))).readVarint());
    }

    @Property
    void varlongRoundTrip(@ForAll long v, @ForAll @IntRange(min = 3, max = 8) int min) throws IOException {
        long value = min == 8 ? v : v;
        assertEquals(value, reader(written(w -> w.writeVarlong(value, min))).readVarlong(min));
    }

    @Property
    void longRoundTrip(@ForAll long v) throws IOException {
        assertEquals(v, reader(written(w -> w.writeLong(v))).readLong());
    }

    @Property
    void ndxRoundTrip(@ForAll("indexes") List<Integer> ndx) throws IOException {
        byte[] b = written(w -> {
            NdxWriter nw = new NdxWriter(w, 31);
            for (int i : ndx) {
                nw.write(i);
            }
        });
        NdxReader nr = new NdxReader(reader(b), 31);
        for (int i : ndx) {
            assertEquals(i, nr.read());
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<List<Integer>> indexes() {
        return net.jqwik.api.Arbitraries.oneOf(
                net.jqwik.api.Arbitraries.integers().between(0, Integer.MAX_VALUE),
                net.jqwik.api.Arbitraries.integers().between(0, 300),
                net.jqwik.api.Arbitraries.of(-1, -2, -3, -101, -150000)).list().ofMaxSize(50);
    }

    @Test
    void ndxDoneIsOneZeroByte() throws IOException {
        assertArrayEquals(new byte[] {0}, written(w -> new NdxWriter(w, 32).write(-1)));
        assertArrayEquals(new byte[] {1, 1, 2}, written(w -> {
            NdxWriter n = new NdxWriter(w, 32);
            n.write(0);
            n.write(1);
            n.write(3);
        }));
    }

    @Test
    void multiplexedDataIsFramedAndMessagesArePassedOn() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        WireWriter out = new WireWriter(bytes, new IoClock());
        out.startMultiplex();
        out.writeInt(42);
        out.sendMessageInt(MessageCode.IO_ERROR, 1);
        out.write(new byte[] {1, 2, 3}, 0, 3);
        out.sendKeepAlive(31);
        out.flush();
        byte[] b = bytes.toByteArray();
        // first frame: MSG_DATA with 4 bytes
        assertEquals(4, b[0]);
        assertEquals(MessageCode.MPLEX_BASE, b[3]);

        List<Integer> seen = new ArrayList<>();
        WireReader in = reader(b);
        in.startMultiplex((code, payload) -> seen.add(code));
        assertEquals(42, in.readInt());
        byte[] three = new byte[3];
        in.readFully(three, 0, 3);
        assertArrayEquals(new byte[] {1, 2, 3}, three);
        assertEquals(List.of(MessageCode.IO_ERROR), seen);
        assertThrows(EOFException.class, in::readByte);
    }

    @Test
    void valueSplitAcrossFramesIsReassembled() throws IOException {
        byte[] b = {2, 0, 0, 7, 0x11, 0x22, 2, 0, 0, 7, 0x33, 0x44};
        WireReader in = reader(b);
        in.startMultiplex((code, payload) -> { });
        assertEquals(0x44332211, in.readInt());
    }

    @Test
    void oversizedMessageIsRefused() {
        byte[] b = {0, 0, 0x10, 7 + 3};
        WireReader in = reader(b);
        in.startMultiplex((code, payload) -> { });
        assertThrows(ProtocolException.class, in::readInt);
    }

    @Test
    void overlongVstringIsRefused() throws IOException {
        byte[] b = written(w -> w.writeVstring(new byte[300]));
        assertThrows(ProtocolException.class, () -> reader(b).readVstring(200));
        assertEquals(300, reader(b).readVstring(1000).length);
    }
}
