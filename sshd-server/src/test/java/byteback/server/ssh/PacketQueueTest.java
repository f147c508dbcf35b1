package byteback.server.ssh;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class PacketQueueTest {
    private final AtomicLong released = new AtomicLong();

    private PacketQueue queue(long capacity, int chunk) {
        return new PacketQueue(capacity, new ChunkPool(chunk, 2), released::addAndGet);
    }

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Property(tries = 200)
    void bytesComeOutInOrderWhateverThePacketAndReadSizes(
            @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 300) Integer> packets,
            @ForAll @IntRange(min = 1, max = 500) int readSize,
            @ForAll @IntRange(min = 1, max = 64) int chunk) throws IOException {
        AtomicLong released = new AtomicLong();
        PacketQueue q = new PacketQueue(1 << 20, new ChunkPool(chunk, 2), released::addAndGet);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[readSize];
        long seed = 1;
        for (int len : packets) {
            byte[] p = bytes(len + 8, seed++);
            assertTrue(q.offer(p, 4, len));
            sent.write(p, 4, len);
            // read part of what is queued between packets, as a reader racing the writer would
            if (seed % 2 == 0 && q.queued() > 0) got.write(buf, 0, q.input().read(buf, 0, readSize));
        }
        q.endOfInput();
        int n;
        while ((n = q.input().read(buf, 0, readSize)) >= 0) got.write(buf, 0, n);
        assertArrayEquals(sent.toByteArray(), got.toByteArray());
        assertEquals(sent.size(), released.get(), "every byte read reopens the window");
        assertEquals(0, q.queued());
    }

    @Test
    void endOfInputComesAfterTheQueuedBytesAndStays() throws IOException {
        PacketQueue q = queue(100, 16);
        q.offer(new byte[] {1, 2, 3}, 0, 3);
        q.endOfInput();
        assertFalse(q.offer(new byte[] {4}, 0, 1), "bytes after EOF are dropped");
        InputStream in = q.input();
        assertEquals(1, in.read());
        byte[] b = new byte[10];
        assertEquals(2, in.read(b, 0, 10));
        assertEquals(-1, in.read(b, 0, 10));
        assertEquals(-1, in.read());
    }

    @Test
    void moreThanTheWindowIsRefused() throws IOException {
        PacketQueue q = queue(100, 16);
        assertTrue(q.offer(new byte[60], 0, 60));
        assertTrue(q.offer(new byte[40], 0, 40));
        IOException e = assertThrows(IOException.class, () -> q.offer(new byte[1], 0, 1));
        assertTrue(e.getMessage().contains("beyond the window"), e.getMessage());
        q.input().read(new byte[30], 0, 30);
        assertTrue(q.offer(new byte[30], 0, 30), "reading makes room again");
    }

    @Test
    void memoryStaysBoundedByTheWindowWhileStreaming() throws IOException {
        int chunk = 64, window = 1024;
        PacketQueue q = new PacketQueue(window, new ChunkPool(chunk, 4), released::addAndGet);
        Random r = new Random(7);
        byte[] buf = new byte[200];
        long in = 0, out = 0;
        int maxChunks = 0;
        for (int i = 0; i < 20_000; i++) {
            // a well-behaved sender: never more than the window minus what is unread
            int room = (int) (window - q.queued());
            int len = Math.min(room, r.nextInt(150));
            assertTrue(q.offer(bytes(len, i), 0, len));
            in += len;
            if (r.nextInt(3) > 0 && q.queued() > 0) out += q.input().read(buf, 0, 1 + r.nextInt(buf.length));
            maxChunks = Math.max(maxChunks, q.chunksHeld());
        }
        assertEquals(in - out, q.queued());
        assertEquals(out, released.get());
        assertTrue(maxChunks <= window / chunk + 2, "chunks held " + maxChunks);
    }

    @Test
    void aWriterAndAReaderOnTwoThreadsKeepTheOrderAndTheWindow() throws Exception {
        int window = 4096, chunk = 256;
        PacketQueue q = new PacketQueue(window, new ChunkPool(chunk, Integer.MAX_VALUE), released::addAndGet);
        byte[] all = bytes(3_000_000, 11);
        AtomicLong sentUnreleased = new AtomicLong(); // what a well-behaved sender may still send
        Thread writer = new Thread(() -> {
            Random r = new Random(5);
            int pos = 0;
            try {
                while (pos < all.length) {
                    long room = window - (pos - released.get());
                    if (room <= 0) {
                        Thread.onSpinWait();
                        continue;
                    }
                    int len = (int) Math.min(Math.min(room, 1 + r.nextInt(600)), all.length - pos);
                    assertTrue(q.offer(all, pos, len));
                    pos += len;
                }
                q.endOfInput();
            } catch (IOException e) {
                sentUnreleased.set(-1);
            }
        });
        writer.start();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        Random r = new Random(9);
        byte[] buf = new byte[1000];
        int n;
        int maxChunks = 0;
        while ((n = q.input().read(buf, 0, 1 + r.nextInt(buf.length))) >= 0) {
            got.write(buf, 0, n);
            maxChunks = Math.max(maxChunks, q.chunksHeld());
        }
        writer.join();
        assertEquals(0, sentUnreleased.get(), "the writer never overran the window");
        assertArrayEquals(all, got.toByteArray());
        assertEquals(all.length, released.get());
        assertTrue(maxChunks <= window / chunk + 2, "chunks held " + maxChunks);
    }

    @Test
    void aDrainedQueueHoldsOnlyTheChunkBeingFilledAndPoolsTheRest() throws IOException {
        ChunkPool pool = new ChunkPool(64, 100);
        PacketQueue q = new PacketQueue(4096, pool, released::addAndGet);
        q.offer(new byte[4000], 0, 4000); // 63 chunks, the last partly filled
        assertEquals(63, q.chunksHeld());
        byte[] b = new byte[300];
        while (q.queued() > 0) q.input().read(b, 0, b.length);
        assertEquals(1, q.chunksHeld(), "only the tail chunk, still being filled, stays with a drained queue");
        assertEquals(62, pool.pooled());
        q.offer(new byte[4000], 0, 4000);
        assertEquals(0, pool.pooled(), "the next packets reuse the pooled chunks");
    }

    @Test
    void aFullChunkReadToItsEndGoesBackAtOnce() throws IOException {
        ChunkPool pool = new ChunkPool(64, 100);
        PacketQueue q = new PacketQueue(4096, pool, released::addAndGet);
        q.offer(new byte[128], 0, 128); // exactly two full chunks
        q.input().read(new byte[128], 0, 128);
        assertEquals(0, q.chunksHeld(), "a queue its reader keeps up with holds nothing between packets");
        assertEquals(2, pool.pooled());
    }

    @Test
    void manySlowChannelsKeepOnePoolsWorthOfSpareChunksNotOneEach() throws IOException {
        // fifty connections whose queues once ran deep (a burst while the receivers were busy),
        // then drained: before, every queue kept its emptied chunks (up to its window) for itself
        ChunkPool pool = new ChunkPool(1024, 64);
        List<PacketQueue> queues = new java.util.ArrayList<>();
        byte[] b = new byte[4096];
        for (int i = 0; i < 50; i++) {
            PacketQueue q = new PacketQueue(64 * 1024, pool, released::addAndGet);
            q.offer(new byte[60 * 1024], 0, 60 * 1024);
            queues.add(q);
        }
        for (PacketQueue q : queues) while (q.queued() > 0) q.input().read(b, 0, b.length);
        int held = queues.stream().mapToInt(PacketQueue::chunksHeld).sum();
        assertTrue(held <= 50, "chunks held by drained queues: " + held);
        assertEquals(64, pool.pooled(), "spare chunks in all: the pool's bound");
    }

    @Test
    void chunksOfAnAbortedOrClosedQueueAreNotPooled() throws IOException {
        // the writer may still be copying into the tail outside the lock: pooling it could hand it
        // to another channel while it is written
        ChunkPool pool = new ChunkPool(16, 100);
        PacketQueue a = new PacketQueue(1024, pool, released::addAndGet);
        a.offer(new byte[100], 0, 100);
        a.abort("gone");
        PacketQueue c = new PacketQueue(1024, pool, released::addAndGet);
        c.offer(new byte[100], 0, 100);
        c.input().close();
        assertEquals(0, pool.pooled());
        assertEquals(0, a.chunksHeld());
        assertEquals(0, c.chunksHeld());
    }

    @Test
    void aBlockedReaderWakesForTheNextPacket() throws Exception {
        PacketQueue q = queue(100, 16);
        CompletableFuture<Object> read = readAsync(q);
        waitUntilBlocked(q, read);
        q.offer(new byte[] {42}, 0, 1);
        assertEquals(42, read.get());
        assertEquals(1, released.get());
    }

    @Test
    void abortWhileTheReaderWaitsFailsTheRead() throws Exception {
        PacketQueue q = queue(100, 16);
        CompletableFuture<Object> read = readAsync(q);
        waitUntilBlocked(q, read);
        q.abort("the SSH channel was closed");
        Throwable t = read.handle((v, e) -> e).get();
        assertTrue(t instanceof IOException, String.valueOf(t));
        assertEquals("the SSH channel was closed", t.getMessage());
        assertFalse(q.offer(new byte[5], 0, 5), "nothing is queued after an abort");
    }

    @Test
    void abortDropsWhatIsQueued() throws IOException {
        PacketQueue q = queue(100, 16);
        q.offer(new byte[20], 0, 20);
        q.abort("gone");
        assertEquals(0, q.queued());
        assertThrows(IOException.class, () -> q.input().read());
    }

    @Test
    void interruptingABlockedReaderEndsTheRead() throws Exception {
        PacketQueue q = queue(100, 16);
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                q.input().read();
                outcome.complete(null);
            } catch (Throwable e) {
                outcome.complete(e);
            }
        });
        reader.start();
        while (reader.getState() != Thread.State.WAITING) Thread.onSpinWait();
        reader.interrupt();
        assertTrue(outcome.get() instanceof InterruptedIOException, String.valueOf(outcome.get()));
        reader.join();
    }

    @Test
    void aReaderThatClosesReleasesTheWindowAndLaterBytesAreDropped() throws IOException {
        PacketQueue q = queue(100, 16);
        q.offer(new byte[50], 0, 50);
        q.input().read(new byte[10], 0, 10);
        q.input().close();
        assertEquals(50, released.get(), "read and discarded bytes both reopen the window");
        assertFalse(q.offer(new byte[80], 0, 80), "the caller counts dropped bytes as consumed");
        assertEquals(0, q.chunksHeld());
        assertThrows(IOException.class, () -> q.input().read());
    }

    @Test
    void closingWhileAReaderWaitsWakesIt() throws Exception {
        PacketQueue q = queue(100, 16);
        CompletableFuture<Object> read = readAsync(q);
        waitUntilBlocked(q, read);
        q.endOfInput();
        assertEquals(-1, read.get());
    }

    private static CompletableFuture<Object> readAsync(PacketQueue q) {
        CompletableFuture<Object> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(q.input().read());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        t.start();
        return f;
    }

    /** Waits (without a clock) until the reader is parked on the empty queue. */
    private static void waitUntilBlocked(PacketQueue q, CompletableFuture<?> read) {
        while (!q.hasWaitingReader()) {
            assertFalse(read.isDone(), "the read should block on an empty queue");
            Thread.onSpinWait();
        }
    }
}
