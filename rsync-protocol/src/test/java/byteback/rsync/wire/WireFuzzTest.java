package byteback.rsync.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.fuzz.Fuzz;
import byteback.rsync.protocol.NdxReader;
import byteback.rsync.session.ClientMessageHandler;
import byteback.rsync.session.ClientMessages;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing (see {@link Fuzz}) of the primitive decoders of the client's stream: varints, varlongs
 * and vstrings; the multiplexed frames with the out-of-band messages a receiving or sending
 * server takes from its client (recorded from stock rsync 3.5.0 clients); file indexes.
 */
class WireFuzzTest {
    private static final int[] INTS = {0, 1, 127, 128, 191, 192, 255, 256, 16383, 16384, 1 << 21, 1 << 24,
        Integer.MAX_VALUE, -1, Integer.MIN_VALUE, 0x12345678};
    private static final long[] LONGS = {0, 1, 255, 1 << 16, 1L << 24, 1L << 31, 1L << 32, 1L << 40, 1L << 48,
        1L << 56, Long.MAX_VALUE, -1, Long.MIN_VALUE, 1_700_000_000L, 123_456_789_012L};

    /** A selector byte per value: 0 varint, 1..8 varlong with that min_bytes, 9 vstring (the seeds use 0, 3, 4, 9). */
    static List<byte[]> varSeeds() {
        List<byte[]> seeds = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            byte[] buf = new byte[9];
            for (int x : INTS) {
                b.write(0);
                b.write(buf, 0, VarCodec.encodeVarint(x, buf));
            }
            for (int minBytes = 3 + s % 2; minBytes <= 4; minBytes++) { // rsync's: 3 (sizes), 4 (times)
                for (long x : LONGS) {
                    b.write(minBytes);
                    b.write(buf, 0, VarCodec.encodeVarlong(x, minBytes, buf));
                }
            }
            b.write(9);
            b.write(5);
            b.writeBytes("hello".getBytes());
            b.write(9);
            b.write(0x81);
            b.write(0x00);
            b.writeBytes(new byte[256]);
            seeds.add(b.toByteArray());
        }
        return seeds;
    }

    @BeforeAll
    static void jazzerSeeds() {
        Fuzz.jazzerSeeds(WireFuzzTest.class, "jazzerVarValues", varSeeds());
        Fuzz.jazzerSeeds(WireFuzzTest.class, "jazzerFrames", frameSeeds());
        Fuzz.jazzerSeeds(WireFuzzTest.class, "jazzerFileIndexes", ndxSeeds());
    }

    @Test
    void mutatedVarintsAndVarlongs() {
        // a few small arrays per value read, garbage at once
        Fuzz.run("varint", varSeeds(), 20_000, Fuzz.IO_EXCEPTIONS, length -> (1 << 20) + 256L * length, WireFuzzTest::decodeVarValues);
    }

    @FuzzTest(maxDuration = Fuzz.JAZZER_DURATION)
    void jazzerVarValues(byte[] input) {
        Fuzz.jazzer(input, Fuzz.IO_EXCEPTIONS, WireFuzzTest::decodeVarValues);
    }

    static void decodeVarValues(byte[] input) throws Exception {
        WireReader in = new WireReader(Fuzz.stream(input), new IoClock(), 512);
        byte[] enc = new byte[9];
        while (true) {
            int kind = in.readByte() % 10;
            if (kind == 0) {
                int v = in.readVarint();
                int n = VarCodec.encodeVarint(v, enc);
                WireReader again = new WireReader(Fuzz.stream(java.util.Arrays.copyOf(enc, n)), new IoClock(), 16);
                assertEquals(v, again.readVarint(), "a decoded varint encodes to itself");
            } else if (kind <= 8) {
                long v = in.readVarlong(kind);
                if (kind >= 3 && kind <= 4) { // the min_bytes rsync uses: sizes 3, times 4
                    int n = VarCodec.encodeVarlong(v, kind, enc);
                    WireReader again = new WireReader(Fuzz.stream(java.util.Arrays.copyOf(enc, n)), new IoClock(), 16);
                    assertEquals(v, again.readVarlong(kind), "a decoded varlong encodes to itself");
                }
            } else {
                assertTrue(in.readVstring(300).length <= 300);
            }
        }
    }

    /** The multiplexed frames stock rsync clients sent (file list, file data, messages). */
    static List<byte[]> frameSeeds() {
        List<byte[]> seeds = new ArrayList<>(Fuzz.resources("frames-0.bin", "frames-2.bin", "frames-4.bin",
                "frames-5.bin"));
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        frame(b, MessageCode.DATA, new byte[] {1, 2, 3});
        frame(b, MessageCode.NOOP, new byte[0]);
        frame(b, MessageCode.IO_ERROR, new byte[] {1, 0, 0, 0});
        frame(b, MessageCode.INFO, "a line\n".getBytes());
        frame(b, MessageCode.NO_SEND, new byte[] {5, 0, 0, 0});
        frame(b, MessageCode.DATA, new byte[100]);
        frame(b, MessageCode.ERROR, "rsync: oops\n".getBytes());
        frame(b, MessageCode.WARNING, new byte[0]);
        seeds.add(b.toByteArray());
        return seeds;
    }

    private static void frame(ByteArrayOutputStream b, int tag, byte[] payload) {
        int h = (MessageCode.MPLEX_BASE + tag) << 24 | payload.length;
        for (int i = 0; i < 4; i++) {
            b.write(h >>> (8 * i));
        }
        b.writeBytes(payload);
    }

    @Test
    void mutatedMultiplexedFrames() {
        // frames of up to 64 KiB are held whole; the read buffer and the data read are the rest
        Fuzz.run("multiplex", frameSeeds(), 10_000, Fuzz.IO_EXCEPTIONS, 1 << 20, WireFuzzTest::decodeFrames);
    }

    @FuzzTest(maxDuration = Fuzz.JAZZER_DURATION)
    void jazzerFrames(byte[] input) {
        Fuzz.jazzer(input, Fuzz.IO_EXCEPTIONS, WireFuzzTest::decodeFrames);
    }

    private static final ClientMessages MESSAGES = new ClientMessages(
            new WireWriter(OutputStream.nullOutputStream(), new IoClock()), OutputStream.nullOutputStream());

    static void decodeFrames(byte[] input) throws Exception {
        WireReader in = new WireReader(Fuzz.stream(input), new IoClock(), 4096);
        in.startMultiplex(new ClientMessageHandler(MESSAGES));
        byte[] data = new byte[1000];
        for (int i = 0;; i++) {
            switch (i % 4) {
                case 0 -> in.readFully(data, 0, 1 + i % 1000);
                case 1 -> in.readInt();
                case 2 -> in.readByte();
                default -> in.readLong();
            }
        }
    }

    /** rsync: io.c write_ndx — indexes as the client's generator sends them (protocol 30+). */
    static List<byte[]> ndxSeeds() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        NdxWriterBytes w = new NdxWriterBytes(b);
        for (int n : new int[] {0, 1, 2, 5, 300, 301, 70000, 70001, -1, -2, -101, -102, -3, 1 << 30, 1 << 30 + 1, 4}) {
            w.write(n);
        }
        return List.of(b.toByteArray());
    }

    @Test
    void mutatedFileIndexes() {
        Fuzz.run("ndx", ndxSeeds(), 20_000, Fuzz.IO_EXCEPTIONS, 1 << 20, WireFuzzTest::decodeFileIndexes);
    }

    @FuzzTest(maxDuration = Fuzz.JAZZER_DURATION)
    void jazzerFileIndexes(byte[] input) {
        Fuzz.jazzer(input, Fuzz.IO_EXCEPTIONS, WireFuzzTest::decodeFileIndexes);
    }

    static void decodeFileIndexes(byte[] input) throws Exception {
        WireReader in = new WireReader(Fuzz.stream(input), new IoClock(), 512);
        NdxReader ndx = new NdxReader(in, 31);
        while (true) {
            int n = ndx.read();
            assertTrue(n != Integer.MIN_VALUE);
        }
    }

    /** Encodes indexes through the server's own writer. */
    private static final class NdxWriterBytes {
        private final WireWriter out;
        private final byteback.rsync.protocol.NdxWriter ndx;
        private final ByteArrayOutputStream b;

        NdxWriterBytes(ByteArrayOutputStream b) {
            this.b = b;
            this.out = new WireWriter(b, new IoClock());
            this.ndx = new byteback.rsync.protocol.NdxWriter(out, 31);
        }

        void write(int n) {
            try {
                ndx.write(n);
                out.flush();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
