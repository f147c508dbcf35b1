package byteback.rsync.wire;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * rsync's --timeout on the receiving side (rsync: io.c check_timeout, maybe_send_keepalive):
 * sends keep-alives when we have been quiet for half the timeout, and gives up when neither
 * input arrived nor local work happened for the whole timeout.
 *
 * <p>One timer thread checks every session's watchdog (it only compares clocks, so it never
 * blocks); a keep-alive, which may block on a client that does not read, and the timeout's own
 * action, which tells the client, run on threads of their own that exist only while they do. Each
 * session used to keep two sleeping threads of its own for this: ~90 KiB of touched stack each.
 */
public final class IoWatchdog implements AutoCloseable {
    private static final ScheduledExecutorService TIMER = timer();
    /** Keep-alives and timeout actions: a thread each while they run, none when idle. */
    private static final ExecutorService ACTIONS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS,
            new SynchronousQueue<>(), daemon("rsync-keepalive"));

    private final IoClock clock;
    private final WireWriter writer;
    private final int protocol;
    private final long timeout;
    private final long lull;
    private final long tickMillis;
    private final Runnable onTimeout;
    private final AtomicBoolean sending = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile boolean keepAlives;
    /** The thread sending a keep-alive now, interrupted by {@link #close} if it is blocked. */
    private Thread sender; // guarded by this
    private ScheduledFuture<?> ticks;

    /**
     * @param timeoutSeconds rsync's --timeout (must be positive)
     * @param onTimeout      called once, from a thread of its own, when the timeout expires
     */
    public IoWatchdog(IoClock clock, WireWriter writer, int protocol, int timeoutSeconds, Runnable onTimeout) {
        this.clock = clock;
        this.writer = writer;
        this.protocol = protocol;
        this.onTimeout = onTimeout;
        this.timeout = TimeUnit.SECONDS.toNanos(timeoutSeconds);
        this.lull = TimeUnit.SECONDS.toNanos(Math.max(1, (timeoutSeconds + 1) / 2));
        this.tickMillis = Math.min(1000, Math.max(50, TimeUnit.NANOSECONDS.toMillis(lull) / 4));
    }

    private static ScheduledExecutorService timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, daemon("rsync-io-watchdog"));
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** One look at the clocks, on the timer thread: never blocks. */
    private void tick() {
        if (stopped) return;
        long now = System.nanoTime();
        if (now - Math.max(clock.lastIn(), clock.lastWork()) >= timeout) {
            stopped = true;
            cancelTicks();
            ACTIONS.execute(onTimeout);
            return;
        }
        if (keepAlives && now - clock.lastOut() >= lull && !writer.isBroken() && sending.compareAndSet(false, true)) {
            ACTIONS.execute(this::sendKeepAlive);
        }
    }

    /** On a thread of the action pool; close() interrupts it if it blocks. */
    private void sendKeepAlive() {
        synchronized (this) {
            sender = Thread.currentThread();
        }
        try {
            if (!stopped) writer.sendKeepAlive(protocol);
        } catch (Exception e) {
            // the session notices the broken stream itself
        } finally {
            synchronized (this) {
                sender = null;
                Thread.interrupted(); // a pooled thread must not carry close's interrupt to its next task
            }
            sending.set(false);
        }
    }

    /**
     * From now on keep-alives may be sent. Not while the client still sends its file list: an
     * rsync before 3.1 dies on a keep-alive then (rsync: io.c maybe_send_keepalive).
     */
    public void enableKeepAlives() {
        keepAlives = true;
    }

    public synchronized void start() {
        if (stopped || ticks != null) return;
        ticks = TIMER.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    }

    private synchronized void cancelTicks() {
        if (ticks != null) ticks.cancel(false);
    }

    @Override
    public synchronized void close() {
        stopped = true;
        cancelTicks();
        if (sender != null) sender.interrupt();
    }
}
