package byteback.rsync.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IoWatchdogTest {
    private static long watchdogThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("rsync-io-") || t.getName().startsWith("rsync-keepalive"))
                .count();
    }

    @Test
    void fiftySessionsShareOneTimerThreadInsteadOfTwoThreadsEach() throws Exception {
        List<IoWatchdog> dogs = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                IoClock clock = new IoClock();
                IoWatchdog d = new IoWatchdog(clock, new WireWriter(new ByteArrayOutputStream(), clock), 31, 600, () -> { });
                d.start();
                dogs.add(d);
            }
            Thread.sleep(1200); // every watchdog has ticked at least once (a tick is at most 1 s)
            assertTrue(watchdogThreads() <= 2, "watchdog threads for 50 sessions: " + watchdogThreads());
        } finally {
            dogs.forEach(IoWatchdog::close);
        }
    }

    @Test
    void aSilentPeerTimesOutOnce() throws Exception {
        IoClock clock = new IoClock();
        CountDownLatch fired = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        try (IoWatchdog d = new IoWatchdog(clock, new WireWriter(new ByteArrayOutputStream(), clock), 31, 1, () -> {
            calls.incrementAndGet();
            fired.countDown();
        })) {
            d.start();
            assertTrue(fired.await(10, TimeUnit.SECONDS), "the timeout fires when nothing arrives for 1 s");
            Thread.sleep(1500);
            assertEquals(1, calls.get(), "and only once");
        }
    }

    @Test
    void inputKeepsTheSessionAlive() throws Exception {
        IoClock clock = new IoClock();
        CountDownLatch fired = new CountDownLatch(1);
        try (IoWatchdog d = new IoWatchdog(clock, new WireWriter(new ByteArrayOutputStream(), clock), 31, 1, fired::countDown)) {
            d.start();
            long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2500);
            while (System.nanoTime() < end) {
                clock.input();
                Thread.sleep(100);
            }
            assertEquals(1, fired.getCount(), "no timeout while bytes arrive");
        }
    }

    @Test
    void aQuietSenderSendsKeepAlivesOnceEnabled() throws Exception {
        IoClock clock = new IoClock();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        WireWriter writer = new WireWriter(wire, clock);
        writer.startMultiplex();
        try (IoWatchdog d = new IoWatchdog(clock, writer, 31, 2, () -> { })) {
            d.start();
            Thread.sleep(1600);
            assertEquals(0, wire.size(), "no keep-alive before they are enabled");
            d.enableKeepAlives();
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (wire.size() == 0 && System.nanoTime() < end) {
                clock.input(); // the peer is alive; only we are quiet
                Thread.sleep(50);
            }
            assertTrue(wire.size() >= 4, "an empty MSG_DATA frame was sent");
        }
    }

    @Test
    void closeStopsEverything() throws Exception {
        IoClock clock = new IoClock();
        CountDownLatch fired = new CountDownLatch(1);
        IoWatchdog d = new IoWatchdog(clock, new WireWriter(new ByteArrayOutputStream(), clock), 31, 1, fired::countDown);
        d.start();
        d.close();
        assertFalse(fired.await(2500, TimeUnit.MILLISECONDS), "a closed watchdog never fires");
    }
}
