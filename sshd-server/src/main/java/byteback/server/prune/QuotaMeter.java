package byteback.server.prune;

import byteback.btrfs.Btrfs;
import byteback.btrfs.BtrfsException;
import byteback.server.store.QuotaGroups;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures what a backup really makes the filesystem use, where btrfs quotas are enabled on the
 * store: the growth of its {@code current} subvolume's exclusive bytes (its quota group) since
 * the run began. After each snapshot, {@code current} shares everything with it, so what only
 * {@code current} holds is what backups wrote since: file data, and every tree block they added
 * or copied (entries, xattrs, and attribute changes to entries the snapshots keep, which no
 * estimate counts). The kernel updates these figures as a transaction commits (every 30 s by
 * default); so that a backup is measured sooner, the meter starts a commit now and then while
 * backups run, at most every {@code commitEvery} for the whole server. Without quotas, or while
 * btrfs says its figures are inconsistent, nothing is measured and the estimates alone count.
 */
final class QuotaMeter {
    private static final Logger LOG = LoggerFactory.getLogger(QuotaMeter.class);

    /** How often a run reads its quota group at most (two small sysfs reads). */
    static final Duration POLL_EVERY = Duration.ofMillis(250);
    /** How often, server-wide, a commit is started while backups are measured (0: never). */
    static final Duration COMMIT_EVERY = Duration.ofSeconds(
            Long.getLong("byteback.sizeGuard.commitSeconds", 10));

    private final Path root;
    private final Btrfs btrfs;
    private final long pollNanos;
    private final long commitNanos;
    private final AtomicLong lastCommit = new AtomicLong(System.nanoTime());
    /** Commits are started here, never on a receiving thread (the ioctl may wait for a commit under way). */
    private final ExecutorService committer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "size-guard-commit");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean committing = new AtomicBoolean();

    QuotaMeter(Path root, Btrfs btrfs, Duration pollEvery, Duration commitEvery) {
        this.root = root;
        this.btrfs = btrfs;
        this.pollNanos = pollEvery.toNanos();
        this.commitNanos = commitEvery.toNanos();
    }

    /** Stops starting commits (the server stops). */
    void close() {
        committer.shutdownNow();
    }

    /** One run's measure. */
    interface Measure {
        /** What the log says at the run's start: which measure is in force. */
        String describe();

        /** The growth since the run began as of the last commit, when due (rate-limited); else -1. */
        long poll();

        /** Commits, then the growth since the run began; -1 when not measured. Ends the measure. */
        long finish();
    }

    /** Nothing measured: the estimates alone count. */
    record Unmeasured(String why) implements Measure {
        @Override
        public String describe() {
            return "estimates only (" + why + ")";
        }

        @Override
        public long poll() {
            return -1;
        }

        @Override
        public long finish() {
            return -1;
        }
    }

    /** Starts measuring the run that writes into {@code current}. */
    Measure start(Path current) {
        Optional<QuotaGroups> q = QuotaGroups.of(root);
        if (q.isEmpty()) {
            return new Unmeasured("btrfs quotas are off on " + root + "; btrfs quota enable " + root + " to measure");
        }
        if (q.get().inconsistent()) {
            return new Unmeasured("btrfs marks its quota figures inconsistent; btrfs quota rescan " + root);
        }
        try {
            long id = btrfs.info(current).id();
            return new Quotas(q.get(), id, current, q.get().exclusive(id));
        } catch (IOException | RuntimeException e) {
            return new Unmeasured("cannot read the quota group of " + current + ": " + e.getMessage());
        }
    }

    private final class Quotas implements Measure {
        private final QuotaGroups q;
        private final long subvolume;
        private final Path current;
        private final long start;
        private long lastPoll = System.nanoTime() - pollNanos;
        private boolean lost;

        Quotas(QuotaGroups q, long subvolume, Path current, long start) {
            this.q = q;
            this.subvolume = subvolume;
            this.current = current;
            this.start = start;
        }

        @Override
        public String describe() {
            return "btrfs quota groups (" + q.mode() + ", subvolume " + subvolume + ", " + Bytes.human(start)
                    + " exclusive at the start" + (commitNanos > 0 ? ", a commit at least every "
                    + Duration.ofNanos(commitNanos).toSeconds() + " s" : "") + "), estimates between commits";
        }

        @Override
        public synchronized long poll() {
            long now = System.nanoTime();
            if (lost || now - lastPoll < pollNanos) return -1;
            lastPoll = now;
            maybeCommit(now);
            return read();
        }

        private void maybeCommit(long now) {
            long last = lastCommit.get();
            if (commitNanos <= 0 || now - last < commitNanos || !lastCommit.compareAndSet(last, now)) return;
            if (!committing.compareAndSet(false, true)) return; // the last one is still going
            try {
                committer.execute(() -> {
                    try {
                        btrfs.startCommit(current);
                    } catch (BtrfsException e) {
                        LOG.warn("cannot start a commit for the size guard: {}", e.getMessage());
                    } finally {
                        committing.set(false);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                committing.set(false);
            }
        }

        @Override
        public synchronized long finish() {
            if (lost) return -1;
            try {
                btrfs.commit(current);
            } catch (BtrfsException e) {
                LOG.warn("cannot commit for the size guard's last measure: {}", e.getMessage());
            }
            long grown = read();
            lost = true;
            return grown;
        }

        private long read() {
            try {
                if (q.inconsistent()) throw new IOException("btrfs marks its quota figures inconsistent");
                return Math.max(0, q.exclusive(subvolume) - start);
            } catch (IOException | RuntimeException e) {
                lost = true;
                LOG.warn("size guard: no more quota figures for {} ({}); estimates only", current, e.getMessage());
                return -1;
            }
        }
    }
}
