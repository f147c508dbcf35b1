package byteback.rsync.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.compress.Compression;
import byteback.rsync.compress.ZstdLimits;
import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.receiver.ReceiveListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 8: what a session holds outside its file list is charged to the server's shared
 * memory budget and given back when it is no longer needed — xattr values a client sends, and a
 * zstd decoder's native window, which the session frees when it ends (not when the GC runs).
 */
class SessionMemoryTest {
    private static final long MIB = 1 << 20;
    private static final byte[] CONTENT = EvilClient.bytes("some file data\n".repeat(100));
    private Sandbox box;

    @BeforeEach
    void setUp() throws IOException {
        box = new Sandbox();
    }

    @AfterEach
    void tearDown() throws IOException {
        box.close();
    }

    private Sandbox.Outcome serveZstd(byte[] stream, MemoryBudget budget) {
        return box.serve(List.of("--server", "-re.LsfxCIu", "--compress-choice=zstd", ".", box.dest.toString()),
                new ByteArrayInputStream(stream), ReceiveListener.NONE, budget);
    }

    private static byte[] honestZstd() {
        return new EvilClient().compressed(Compression.ZSTD).hello().dir(".").file("g", CONTENT.length).endOfList()
                .literal(1, CONTENT).done().bytes();
    }

    @Test
    void aZstdSessionClosesItsDecoderWhenItEnds() throws IOException {
        int before = ZstdLimits.openDecoders();
        Sandbox.Outcome o = serveZstd(honestZstd(), MemoryBudget.UNLIMITED);
        assertEquals(0, o.exit(), o.messages());
        assertEquals(new String(CONTENT), Files.readString(box.dest.resolve("g")));
        assertEquals(before, ZstdLimits.openDecoders(), "the session's zstd decoder is still open");
    }

    @Test
    void aFailedZstdSessionClosesItsDecoderToo() {
        byte[] garbage = new byte[64]; // a DEFLATED_DATA packet that is not zstd at all
        for (int i = 0; i < garbage.length; i++) {
            garbage[i] = (byte) (0x5a ^ i);
        }
        EvilClient c = new EvilClient().compressed(Compression.ZSTD).hello().dir(".").file("g", 10).endOfList()
                .transferHead(1, 0, 0, 0, 0);
        c.io(() -> {
            c.out.writeByte(0x40); // rsync: token.c DEFLATED_DATA, 64 bytes
            c.out.writeByte(garbage.length);
            c.out.write(garbage, 0, garbage.length);
        });
        int before = ZstdLimits.openDecoders();
        Sandbox.Outcome o = serveZstd(c.bytes(), MemoryBudget.UNLIMITED);
        assertEquals(12, o.exit(), o.messages());
        assertTrue(o.messages().contains("ZSTD decomp failed"), o.messages());
        assertEquals(before, ZstdLimits.openDecoders(), "the failed session's zstd decoder is still open");
        box.assertOutsideUntouched();
    }

    @Test
    void aZstdDecoderIsChargedToTheSharedBudget() {
        // the decoder's window bound (8 MiB) and buffers do not fit a 4 MiB budget; plain data does
        MemoryBudget small = new MemoryBudget(4 * MIB, 0);
        Sandbox.Outcome o = serveZstd(honestZstd(), small);
        assertEquals(22, o.exit(), o.messages());
        assertTrue(o.messages().contains("out of memory"), o.messages());
        assertEquals(0, small.reserved(), "everything is given back");

        byte[] plain = new EvilClient().hello().dir(".").file("g", CONTENT.length).endOfList()
                .literal(1, CONTENT).done().bytes();
        o = box.serve(List.of("--server", "-re.LsfxCIu", ".", box.dest.toString()), new ByteArrayInputStream(plain),
                ReceiveListener.NONE, small);
        assertEquals(0, o.exit(), o.messages());
        assertEquals(0, small.reserved());
    }

    @Test
    void xattrValuesAreChargedToTheSharedBudget() {
        // 12 abbreviated xattrs of 1 MiB: 12 MiB, within the session's own bound (at least 16 MiB)
        // but not within a shared budget of 8 MiB
        byte[] value = new byte[(int) MIB];
        EvilClient c = new EvilClient().withXattrs().hello().dir(".");
        for (int i = 0; i < 12; i++) {
            c.fileWithLongXattr("f" + (char) ('a' + i), 0, "user.big", value.length);
        }
        c.endOfList();
        for (int i = 1; i <= 12; i++) {
            c.xattrValue(i, value);
        }
        MemoryBudget budget = new MemoryBudget(8 * MIB, 0);
        Sandbox.Outcome o = box.serve(List.of("--server", "-rXe.LsfxCIu", ".", box.dest.toString()),
                new ByteArrayInputStream(c.done().bytes()), ReceiveListener.NONE, budget);
        assertEquals(22, o.exit(), o.messages());
        assertTrue(o.messages().contains("out of memory"), o.messages());
        assertEquals(0, budget.reserved(), "everything is given back");
        box.assertOutsideUntouched();
    }
}
