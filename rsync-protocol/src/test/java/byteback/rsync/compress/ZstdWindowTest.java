package byteback.rsync.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.memory.MemoryBudgetExceededException;
import byteback.rsync.memory.Reservation;
import byteback.rsync.wire.ProtocolException;
import com.github.luben.zstd.EndDirective;
import com.github.luben.zstd.ZstdCompressCtx;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 8: a zstd stream names its own window, which the decoder allocates natively
 * (up to 128 MiB by zstd's default). The window a client may ask for is bounded, and what a
 * decoder holds is charged to the session's memory reservation until it is closed.
 */
class ZstdWindowTest {
    /** One file's token stream as rsync's sender makes it: a frame of unknown size, flushed, not ended. */
    private static byte[] tokens(int windowLog, byte[] data) {
        try (ZstdCompressCtx c = new ZstdCompressCtx()) {
            c.setLevel(3);
            c.setWindowLog(windowLog);
            ByteBuffer src = ByteBuffer.allocateDirect(data.length);
            src.put(data).flip();
            ByteBuffer dst = ByteBuffer.allocateDirect(data.length + 4096);
            while (!c.compressDirectByteBufferStream(dst, src, EndDirective.FLUSH)) {
                // until flushed
            }
            dst.flip();
            byte[] compressed = new byte[dst.remaining()];
            dst.get(compressed);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (int pos = 0; pos < compressed.length; ) {
                int n = Math.min(TokenLimits.MAX_DATA_COUNT, compressed.length - pos);
                out.write(TokenFlags.DEFLATED_DATA + (n >>> 8));
                out.write(n);
                out.write(compressed, pos, n);
                pos += n;
            }
            out.write(TokenFlags.END_FLAG);
            return out.toByteArray();
        }
    }

    private static long drain(TokenReader r, byte[] stream) throws IOException {
        MemoryWire.Input in = new MemoryWire.Input(stream);
        long total = 0;
        for (int t; (t = r.next(in)) != 0; ) {
            total += Math.max(0, t);
        }
        return total;
    }

    private static byte[] data() {
        byte[] d = new byte[200_000];
        new Random(7).nextBytes(d);
        return d;
    }

    @Test
    void aWindowWithinTheBoundDecodes() throws IOException {
        try (TokenReader r = Compression.ZSTD.newReader(31)) {
            assertEquals(200_000, drain(r, tokens(ZstdLimits.DEFAULT_WINDOW_LOG_MAX, data())));
        }
    }

    @Test
    void aWindowBeyondTheBoundIsRefusedNamingTheLimit() {
        // what rsync --zc=zstd --zl=22 sends: a 128 MiB window, which the decoder would allocate
        try (TokenReader r = Compression.ZSTD.newReader(31)) {
            ProtocolException e = assertThrows(ProtocolException.class,
                    () -> drain(r, tokens(ZstdLimits.DEFAULT_WINDOW_LOG_MAX + 1, data())));
            assertTrue(e.getMessage().contains("ZSTD decomp failed"), e.getMessage());
            assertTrue(e.getMessage().contains("up to 8 MiB"), e.getMessage());
        }
    }

    @Test
    void theDecoderIsChargedUntilClosed() throws IOException {
        MemoryBudget budget = new MemoryBudget(64L << 20, 0);
        try (Reservation reservation = budget.open()) {
            int open = ZstdLimits.openDecoders();
            TokenReader r = Compression.ZSTD.newReader(31, reservation);
            assertTrue(reservation.used() >= ZstdLimits.windowBytes(), "charged: " + reservation.used());
            assertEquals(open + 1, ZstdLimits.openDecoders());
            drain(r, tokens(20, data()));
            r.close();
            r.close(); // a second close gives nothing back twice
            assertEquals(0, reservation.used());
            assertEquals(open, ZstdLimits.openDecoders());
        }
        assertEquals(0, budget.reserved());
    }

    @Test
    void aBudgetThatCannotHoldTheWindowRefusesTheDecoder() {
        MemoryBudget budget = new MemoryBudget(4L << 20, 0);
        try (Reservation reservation = budget.open()) {
            int open = ZstdLimits.openDecoders();
            assertThrows(MemoryBudgetExceededException.class, () -> Compression.ZSTD.newReader(31, reservation));
            assertEquals(open, ZstdLimits.openDecoders());
            assertEquals(0, reservation.used());
        }
    }

    /** The window a zstd frame declares (RFC 8878 3.1.1.1: Frame_Header_Descriptor, Window_Descriptor). */
    private static long frameWindow(byte[] tokenStream) {
        // the first DEFLATED_DATA packet starts with the frame: 2 bytes of packet head, 4 of magic
        int fhd = tokenStream[6] & 0xff;
        assertEquals(0, fhd & 0x20, "a streamed frame is not single-segment");
        int wd = tokenStream[7] & 0xff;
        long base = 1L << (10 + (wd >>> 3));
        return base + base / 8 * (wd & 7);
    }

    @Test
    void theServersCompressorStaysAtLevel19AndIsChargedUntilClosed() throws IOException {
        // a restore client asking for --zl=22 would cost the server ~750 MiB of native memory
        MemoryBudget budget = new MemoryBudget(1L << 30, 0);
        try (Reservation reservation = budget.open()) {
            TokenWriter w = Compression.ZSTD.newWriter(22, 31, reservation);
            assertTrue(reservation.used() > 0, "charged");
            MemoryWire out = new MemoryWire();
            byte[] d = data();
            w.literal(out, d, 0, d.length);
            w.endOfFile(out);
            long window = frameWindow(out.toByteArray());
            assertTrue(window <= ZstdLimits.windowBytes(), "window of " + window + " bytes");
            // and what it sent decodes within the server's own bound
            try (TokenReader r = Compression.ZSTD.newReader(31)) {
                assertEquals(d.length, drain(r, out.toByteArray()));
            }
            w.close();
            w.close();
            assertEquals(0, reservation.used());
        }
        assertEquals(0, budget.reserved());
    }
}
