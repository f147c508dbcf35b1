package byteback.server.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PacketHandOffTest {
    /** Hang guard only: every wait below is for a condition. */
    private static final long GUARD_SECONDS = 120;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final AtomicInteger drainers = new AtomicInteger();

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private <T> PacketHandOff<T> handOff(int capacity, int startAt, PacketHandOff.Sink<T> sink) {
        return new PacketHandOff<>(capacity, startAt, r -> {
            drainers.incrementAndGet();
            pool.execute(r);
        }, sink);
    }

    /** A sink that blocks each write until the test lets it go on. */
    private static final class GatedSink implements PacketHandOff.Sink<Integer> {
        final List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        final java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(0);
        volatile boolean writing;

        @Override
        public void write(Integer item) throws IOException {
            writing = true;
            permits.acquireUninterruptibly();
            written.add(item);
        }
    }

    private static void awaitBlocked(Thread t) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            assertTrue(t.isAlive(), "the thread ended instead of blocking");
            assertTrue(System.nanoTime() < end, "hang guard: the thread never blocked");
            Thread.sleep(1);
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier c) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(GUARD_SECONDS);
        while (!c.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "hang guard");
            Thread.sleep(1);
        }
    }

    @Property(tries = 50)
    void everyItemIsWrittenOnceInOrderAndFlushWaitsForTheLast(
            @ForAll @IntRange(min = 0, max = 300) int items,
            @ForAll @IntRange(min = 1, max = 8) int capacity,
            @ForAll @IntRange(min = 1, max = 8) int startAt) throws IOException {
        try {
            List<Integer> written = Collections.synchronizedList(new ArrayList<>());
            PacketHandOff<Integer> h = handOff(capacity, Math.min(startAt, capacity), written::add);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                h.put(i);
                expected.add(i);
                if (i % 97 == 96) h.flush(); // flushes in between, as the rsync stream does at phase ends
            }
            h.flush();
            assertEquals(expected, written);
            assertEquals(0, h.waiting());
        } finally {
            drainers.set(0);
        }
    }

    @Test
    void aDrainerStartsOncePerBatchNotPerItem() throws IOException, InterruptedException {
        GatedSink sink = new GatedSink();
        PacketHandOff<Integer> h = handOff(8, 4, sink);
        for (int i = 0; i < 3; i++) h.put(i);
        assertEquals(0, drainers.get(), "below startAt nothing wakes a thread");
        h.put(3);
        assertEquals(1, drainers.get());
        awaitTrue(() -> sink.writing);
        // while the drainer works, more items join its run without a new thread
        for (int i = 4; i < 8; i++) h.put(i);
        assertEquals(1, drainers.get());
        sink.permits.release(Integer.MAX_VALUE / 2);
        h.flush();
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7), sink.written);
    }

    @Test
    void flushStartsADrainerForFewerItemsThanStartAt() throws IOException {
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        PacketHandOff<Integer> h = handOff(8, 8, written::add);
        h.put(1);
        assertEquals(List.of(), written);
        h.flush();
        assertEquals(List.of(1), written);
    }

    @Test
    void putBlocksWhileTheQueueIsFullAndGoesOnWhenTheSinkCatchesUp() throws Exception {
        GatedSink sink = new GatedSink();
        PacketHandOff<Integer> h = handOff(2, 1, sink);
        h.put(0); // the drainer takes it and blocks in the sink
        awaitTrue(() -> sink.writing);
        h.put(1);
        h.put(2); // the queue (2) is full now
        AtomicInteger done = new AtomicInteger();
        Thread maker = new Thread(() -> {
            try {
                h.put(3);
                done.incrementAndGet();
            } catch (IOException e) {
                done.addAndGet(100);
            }
        });
        maker.start();
        awaitBlocked(maker);
        assertEquals(0, done.get(), "a full queue holds the maker back");
        assertEquals(2, h.waiting());
        sink.permits.release(); // one written: room for one
        maker.join(TimeUnit.SECONDS.toMillis(GUARD_SECONDS));
        assertEquals(1, done.get());
        sink.permits.release(3);
        h.flush();
        assertEquals(List.of(0, 1, 2, 3), sink.written);
    }

    @Test
    void abortWakesABlockedMakerAndDropsWhatWaits() throws Exception {
        GatedSink sink = new GatedSink();
        PacketHandOff<Integer> h = handOff(1, 1, sink);
        h.put(0);
        awaitTrue(() -> sink.writing);
        h.put(1); // full
        CompletableFuture<Throwable> blocked = new CompletableFuture<>();
        Thread maker = new Thread(() -> {
            try {
                h.put(2);
                blocked.complete(null);
            } catch (Throwable e) {
                blocked.complete(e);
            }
        });
        maker.start();
        awaitBlocked(maker);
        h.abort("the SSH channel is closed");
        Throwable e = blocked.get(GUARD_SECONDS, TimeUnit.SECONDS);
        assertInstanceOf(IOException.class, e);
        assertTrue(e.getMessage().contains("channel is closed"), e.getMessage());
        assertEquals(0, h.waiting(), "what waited is dropped");
        assertThrows(IOException.class, () -> h.put(3));
        assertThrows(IOException.class, h::flush);
        sink.permits.release(10);
        awaitTrue(() -> sink.written.size() == 1);
        assertEquals(List.of(0), sink.written, "nothing after the abort reaches the sink");
    }

    @Test
    void aFlushBlockedOnASlowSinkFailsWhenAborted() throws Exception {
        GatedSink sink = new GatedSink();
        PacketHandOff<Integer> h = handOff(4, 1, sink);
        h.put(0);
        CompletableFuture<Throwable> flushed = new CompletableFuture<>();
        Thread maker = new Thread(() -> {
            try {
                h.flush();
                flushed.complete(null);
            } catch (Throwable e) {
                flushed.complete(e);
            }
        });
        maker.start();
        awaitBlocked(maker);
        h.abort("gone");
        assertInstanceOf(IOException.class, flushed.get(GUARD_SECONDS, TimeUnit.SECONDS));
        sink.permits.release(10);
    }

    @Test
    void aFailingSinkFailsTheNextPutAndFlushAndDropsTheRest() throws Exception {
        List<Integer> written = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch failed = new CountDownLatch(1);
        PacketHandOff<Integer> h = handOff(8, 8, item -> {
            if (item == 2) {
                failed.countDown();
                throw new IOException("broken pipe");
            }
            written.add(item);
        });
        for (int i = 0; i < 6; i++) h.put(i);
        IOException e = assertThrows(IOException.class, h::flush);
        assertTrue(e.getMessage().contains("broken pipe"), e.getMessage());
        assertTrue(failed.await(GUARD_SECONDS, TimeUnit.SECONDS));
        assertEquals(List.of(0, 1), written);
        assertThrows(IOException.class, () -> h.put(9));
        assertEquals(0, h.waiting());
    }

    @Test
    void aRuntimeExceptionInTheSinkIsAFailureToo() {
        PacketHandOff<Integer> h = handOff(2, 1, item -> {
            throw new IllegalStateException("closed channel");
        });
        assertThrows(IOException.class, () -> {
            h.put(1);
            h.flush();
        });
    }

    @Test
    void anInterruptedMakerStopsWaiting() throws Exception {
        GatedSink sink = new GatedSink();
        PacketHandOff<Integer> h = handOff(1, 1, sink);
        h.put(0);
        awaitTrue(() -> sink.writing);
        h.put(1);
        CompletableFuture<Throwable> blocked = new CompletableFuture<>();
        Thread maker = new Thread(() -> {
            try {
                h.put(2);
                blocked.complete(null);
            } catch (Throwable e) {
                blocked.complete(e);
            }
        });
        maker.start();
        awaitBlocked(maker);
        maker.interrupt();
        assertInstanceOf(InterruptedIOException.class, blocked.get(GUARD_SECONDS, TimeUnit.SECONDS));
        sink.permits.release(10);
        h.flush(); // the hand-off itself still works for the items it took
        assertEquals(List.of(0, 1), sink.written);
    }

    @Test
    void noThreadForTheDrainerIsAFailureNotAHang() {
        PacketHandOff<Integer> h = new PacketHandOff<>(2, 1, r -> {
            throw new java.util.concurrent.RejectedExecutionException("shut down");
        }, item -> { });
        IOException e = assertThrows(IOException.class, () -> {
            h.put(1);
            h.flush();
        });
        assertTrue(e.getMessage().contains("no thread"), e.getMessage());
    }

    @Test
    void impossibleBoundsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> handOff(0, 1, item -> { }));
        assertThrows(IllegalArgumentException.class, () -> handOff(2, 3, item -> { }));
        assertThrows(IllegalArgumentException.class, () -> handOff(2, 0, item -> { }));
    }
}
