package byteback.rsync.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.wire.ProtocolException;
import com.github.luben.zstd.Zstd;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What a malicious sender can put in a token stream: each is a clear error or bounded output. */
class HostileTokenStreamTest {
    private static byte[] packet(byte[] compressed) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int pos = 0; pos < compressed.length; ) {
            int n = Math.min(TokenLimits.MAX_DATA_COUNT, compressed.length - pos);
            out.write(TokenFlags.DEFLATED_DATA + (n >>> 8));
            out.write(n);
            out.write(compressed, pos, n);
            pos += n;
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Reads one file's tokens; returns the literal total; checks every piece fits the bound. */
    private static long drain(TokenReader r, byte[] stream, int bound) throws IOException {
        MemoryWire.Input in = new MemoryWire.Input(stream);
        long total = 0;
        for (;;) {
            int t = r.next(in);
            if (t == 0) {
                return total;
            }
            if (t > 0) {
                assertTrue(t <= bound, "piece of " + t + " bytes");
                total += t;
            }
        }
    }

    @Test
    void zlibBombIsHandedOutInBoundedPieces() throws IOException {
        byte[] zeros = new byte[16 << 20];
        Deflater d = new Deflater(9, true);
        d.setInput(zeros);
        byte[] buf = new byte[64 * 1024];
        int n = d.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
        d.end();
        assertTrue(n < buf.length);
        byte[] stripped = java.util.Arrays.copyOf(buf, n - 4); // rsync strips the 00 00 ff ff
        long total = drain(Compression.ZLIB.newReader(31), concat(packet(stripped), new byte[] {0}),
                TokenLimits.availOutSize(TokenLimits.CHUNK_SIZE));
        assertEquals(zeros.length, total);
    }

    @Test
    void zstdBombIsHandedOutInBoundedPieces() throws IOException {
        byte[] zeros = new byte[64 << 20];
        byte[] compressed = Zstd.compress(zeros, 1);
        assertTrue(compressed.length < 64 * 1024);
        long total = drain(Compression.ZSTD.newReader(31), concat(packet(compressed), new byte[] {0}), 256 * 1024);
        assertEquals(zeros.length, total);
    }

    @Test
    void lz4BlockLargerThanTheBufferIsRefused() {
        byte[] big = new byte[200_000];
        byte[] compressed = net.jpountz.lz4.LZ4Factory.fastestInstance().fastCompressor().compress(big);
        assertTrue(compressed.length <= TokenLimits.MAX_DATA_COUNT);
        assertThrows(ProtocolException.class, () -> drain(Compression.LZ4.newReader(31), packet(compressed), Integer.MAX_VALUE));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"ZLIB", "ZLIBX", "ZSTD", "LZ4"})
    void garbageInsteadOfCompressedDataIsAProtocolError(Compression c) {
        byte[] garbage = new byte[300];
        new java.util.SplittableRandom(7).nextBytes(garbage);
        garbage[0] = (byte) 0xff; // an invalid deflate block type / zstd magic / lz4 token
        garbage[1] = (byte) 0xff;
        assertThrows(ProtocolException.class,
                () -> drain(c.newReader(31), concat(packet(garbage), new byte[] {0}), Integer.MAX_VALUE));
    }

    @Test
    void aFinalDeflateBlockIsAProtocolError() {
        Deflater d = new Deflater(6, true);
        d.setInput("the end".getBytes());
        d.finish();
        byte[] buf = new byte[100];
        int n = d.deflate(buf);
        d.end();
        assertThrows(ProtocolException.class, () -> drain(Compression.ZLIB.newReader(31),
                concat(packet(java.util.Arrays.copyOf(buf, n)), new byte[] {0}), Integer.MAX_VALUE));
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = {"ZLIB", "ZLIBX", "ZSTD", "LZ4"})
    void impossibleTokenNumbersAreRefused(Compression c) throws IOException {
        // TOKEN_LONG with a negative block number
        assertThrows(ProtocolException.class, () -> drain(c.newReader(31), new byte[] {0x20, 0, 0, 0, (byte) 0x80}, 1));
        // TOKENRUN_LONG at the largest index with a run that would overflow it
        assertThrows(ProtocolException.class,
                () -> drain(c.newReader(31), new byte[] {0x21, (byte) 0xfe, (byte) 0xff, (byte) 0xff, 0x7f, 5, 0}, 1));
        // a run count of 0
        assertThrows(ProtocolException.class, () -> drain(c.newReader(31), new byte[] {(byte) 0xc0, 0, 0}, 1));
        // flag bytes rsync never sends
        assertThrows(ProtocolException.class, () -> drain(c.newReader(31), new byte[] {0x05, 0, 0, 0, 0}, 1));
        // a legal run decodes to consecutive blocks
        TokenReader r = c.newReader(31);
        MemoryWire.Input in = new MemoryWire.Input(new byte[] {(byte) 0xc0 + 3, 2, 0, 0});
        assertEquals(-4, r.next(in));
        assertEquals(-5, r.next(in));
        assertEquals(-6, r.next(in));
        assertEquals(0, r.next(in));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void truncatedStreamsEndInEof(Compression c) throws IOException {
        MemoryWire w = new MemoryWire();
        byte[] data = TokenRoundTripTest.bytes(100_000, 3, true);
        try (TokenWriter tw = c.newWriter(c.effectiveLevel(null), 31)) {
            tw.literal(w, data, 0, data.length);
            tw.match(w, 3, data, 0, 700);
            tw.endOfFile(w);
        }
        byte[] full = w.toByteArray();
        for (int cut = 0; cut < full.length; cut += Math.max(1, full.length / 40)) {
            byte[] part = java.util.Arrays.copyOf(full, cut);
            assertThrows(EOFException.class, () -> {
                TokenReader r = c.newReader(31);
                MemoryWire.Input in = new MemoryWire.Input(part);
                for (;;) {
                    int t = r.next(in);
                    if (t == 0) {
                        return;
                    }
                    if (t < 0) {
                        r.seeMatch(data, 0, 700);
                    }
                }
            }, c + " cut at " + cut);
        }
    }

    @Test
    void hugeUncompressedLiteralIsReadInChunks() throws IOException {
        // a literal run announced as 2 GiB: handed out CHUNK_SIZE at a time until the data ends
        byte[] stream = concat(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f}, new byte[100_000]);
        TokenReader r = Compression.NONE.newReader(31);
        MemoryWire.Input in = new MemoryWire.Input(stream);
        assertEquals(TokenLimits.CHUNK_SIZE, r.next(in));
        assertEquals(TokenLimits.CHUNK_SIZE, r.next(in));
        assertEquals(TokenLimits.CHUNK_SIZE, r.next(in));
        assertThrows(EOFException.class, () -> r.next(in));
    }
}
