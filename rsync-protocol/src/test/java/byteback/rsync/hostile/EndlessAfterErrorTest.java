package byteback.rsync.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.receiver.ReceiveListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A client that goes on sending after the server has announced its error: the server reads on a
 * little so an honest client sees the message (rsync: io.c noop_io_until_death), but it must not
 * keep reading an endless stream for its whole grace period.
 */
class EndlessAfterErrorTest {
    private static final String FLAGS = "-rlDe.LsfxCIu";
    private Sandbox box;

    @BeforeEach
    void setUp() throws IOException {
        box = new Sandbox();
    }

    @AfterEach
    void tearDown() throws IOException {
        box.close();
    }

    @Test
    void theServerStopsReadingAFloodAfterItsError() throws IOException {
        // a list too long for the server-wide budget: refused with exit 22, which is announced to
        // the client (MSG_ERROR_EXIT) and followed by the drain
        EvilClient list = new EvilClient().hello().dir(".");
        String pad = "x".repeat(240);
        for (int i = 0; i < 20_000; i++) {
            list.file(String.format("%s%09d", pad, i), 1);
        }
        byte[] refused = list.bytes();
        AtomicLong floodRead = new AtomicLong();
        InputStream flood = new InputStream() {
            @Override
            public int read() {
                floodRead.incrementAndGet();
                return 0;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                floodRead.addAndGet(len);
                Arrays.fill(b, off, off + len, (byte) 0);
                return len;
            }
        };
        InputStream in = new SequenceInputStream(new ByteArrayInputStream(refused), flood);
        Sandbox.Outcome o = box.serve(List.of("--server", FLAGS, ".", box.dest.toString()), in, ReceiveListener.NONE,
                new MemoryBudget(2L << 20, 0));
        assertEquals(22, o.exit(), o.messages());
        assertTrue(o.messages().contains("out of memory in receive_file_list"), o.messages());
        // the cap is 16 MiB; without it the server reads for 10 s (gigabytes from memory)
        assertTrue(floodRead.get() < 32L << 20, "read " + floodRead.get() + " bytes of the flood after the error");
        box.assertOutsideUntouched();
    }
}
