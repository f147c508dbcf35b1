package byteback.server.jvm;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives memory back when the server falls idle: a while after the last connection ends (and no
 * new one started), a full collection — which with the serial collector and the frugal free
 * ratios also shrinks the heap and frees the native I/O buffers of ended threads — then
 * glibc's malloc_trim, which returns the freed malloc memory (JIT arenas, ended threads') to the
 * kernel. The RSS before and after goes to the log.
 */
public final class IdleMemory implements SessionListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(IdleMemory.class);

    private final long delayMillis;
    private final Runnable releaseCaches;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "byteback-idle-memory");
        t.setDaemon(true);
        return t;
    });
    private int active;
    private boolean usedSinceTrim;
    private ScheduledFuture<?> pending;

    /** @param delayMillis how long the server must stay without connections before it trims */
    public IdleMemory(long delayMillis) {
        this(delayMillis, () -> { });
    }

    /**
     * @param releaseCaches run before the collection: drops what the server keeps for reuse
     *                      between connections (pooled buffers), so that the heap can shrink
     */
    public IdleMemory(long delayMillis, Runnable releaseCaches) {
        this.delayMillis = delayMillis;
        this.releaseCaches = releaseCaches;
    }

    @Override
    public synchronized void sessionCreated(Session session) {
        active++;
        usedSinceTrim = true;
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    @Override
    public synchronized void sessionClosed(Session session) {
        if (--active == 0 && usedSinceTrim) {
            pending = timer.schedule(this::trimIfIdle, delayMillis, TimeUnit.MILLISECONDS);
        }
    }

    private void trimIfIdle() {
        synchronized (this) {
            if (active > 0) {
                return;
            }
            usedSinceTrim = false;
            pending = null;
        }
        long before = Footprint.rssBytes();
        releaseCaches.run();
        trim();
        LOG.info("idle: memory given back, RSS {} -> {} MiB (heap committed {} MiB)", before >> 20,
                Footprint.rssBytes() >> 20, Runtime.getRuntime().totalMemory() >> 20);
    }

    /**
     * Full collections, then malloc_trim where glibc has it. Four: the serial collector damps how
     * far a collection shrinks the old generation (0, 10, 40, then 100 % of the excess, HotSpot's
     * TenuredGeneration::compute_new_size), so one System.gc() would leave most of a big backup's
     * heap committed. With the little live data of an idle server they cost milliseconds.
     */
    public static void trim() {
        for (int i = 0; i < 4; i++) {
            System.gc();
        }
        try {
            Libc.c().malloc_trim(0);
        } catch (Exception | LinkageError e) {
            // not glibc: the collection alone
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
