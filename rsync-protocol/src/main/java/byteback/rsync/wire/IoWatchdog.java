package byteback.rsync.wire;

import java.util.concurrent.TimeUnit;

/**
 * rsync's --timeout on the receiving side (rsync: io.c check_timeout, maybe_send_keepalive):
 * sends keep-alives when we have been quiet for half the timeout, and gives up when neither
 * input arrived nor local work happened for the whole timeout. Two daemon threads, so that a
 * keep-alive blocked on a client that does not read cannot stop the timeout.
 */
public final class IoWatchdog implements AutoCloseable {
    private final Thread timer;
    private final Thread keeper;
    private volatile boolean stopped;
    private volatile boolean keepAlives;

    /**
     * @param timeoutSeconds rsync's --timeout (must be positive)
     * @param onTimeout      called once, from the watchdog thread, when the timeout expires
     */
    public IoWatchdog(IoClock clock, WireWriter writer, int protocol, int timeoutSeconds, Runnable onTimeout) {
        long timeout = TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long lull = TimeUnit.SECONDS.toNanos(Math.max(1, (timeoutSeconds + 1) / 2));
        long tick = Math.min(1000, Math.max(50, TimeUnit.NANOSECONDS.toMillis(lull) / 4));
        timer = new Thread(() -> {
            while (!stopped) {
                if (!sleep(tick)) {
                    return;
                }
                long now = System.nanoTime();
                if (now - Math.max(clock.lastIn(), clock.lastWork()) >= timeout) {
                    stopped = true;
                    keeperStop();
                    onTimeout.run();
                    return;
                }
            }
        }, "rsync-io-timeout");
        keeper = new Thread(() -> {
            while (!stopped) {
                if (!sleep(tick)) {
                    return;
                }
                if (keepAlives && System.nanoTime() - clock.lastOut() >= lull && !writer.isBroken()) {
                    try {
                        writer.sendKeepAlive(protocol);
                    } catch (Exception e) {
                        return; // the session notices the broken stream itself
                    }
                }
            }
        }, "rsync-keepalive");
        timer.setDaemon(true);
        keeper.setDaemon(true);
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void keeperStop() {
        keeper.interrupt();
    }

    /**
     * From now on keep-alives may be sent. Not while the client still sends its file list: an
     * rsync before 3.1 dies on a keep-alive then (rsync: io.c maybe_send_keepalive).
     */
    public void enableKeepAlives() {
        keepAlives = true;
    }

    public void start() {
        timer.start();
        keeper.start();
    }

    @Override
    public void close() {
        stopped = true;
        timer.interrupt();
        keeper.interrupt();
    }
}
