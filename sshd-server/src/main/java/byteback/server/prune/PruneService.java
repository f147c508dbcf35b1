package byteback.server.prune;

import byteback.btrfs.Btrfs;
import byteback.server.BackupHooks;
import byteback.server.store.Store;
import byteback.rsync.protocol.ExitCode;
import byteback.rsync.protocol.SessionException;
import byteback.rsync.receiver.ReceiveListener;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pruning inside {@code serve}, by itself: after each snapshot, on a timer, and during a backup
 * whenever a write would leave less than the low mark free; plus the size guard, which keeps a
 * suddenly much larger backup from deleting anyone's history.
 */
public final class PruneService implements BackupHooks, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PruneService.class);

    /**
     * @param prune    the marks and the order
     * @param interval how often the timer prunes (zero: no timer)
     * @param growth   the size guard's limit on a sudden backup
     * @param window   the size guard's limit on growth over a window
     */
    public record Settings(PruneSettings prune, Duration interval, GrowthLimit growth, GrowthWindow window) {
        public static final Settings DEFAULTS =
                new Settings(PruneSettings.DEFAULTS, Duration.ofMinutes(5), GrowthLimit.DEFAULT, GrowthWindow.DEFAULT);

        /** With the default growth window. */
        public Settings(PruneSettings prune, Duration interval, GrowthLimit growth) {
            this(prune, interval, growth, GrowthWindow.DEFAULT);
        }

        public SizeGuard guard() {
            return new SizeGuard(growth, window);
        }
    }

    private final Path root;
    private final Settings settings;
    private final Pruner pruner;
    private final BackupSizes sizes;
    private final SpaceGauge gauge;
    private final SizeGuard guard;
    private final Clock clock;
    private final Map<String, BackupSizes.Record> records = new HashMap<>();
    private final QuotaMeter meter;
    /**
     * The runs under way per client, oldest first: one at a time (the client's lock), but the
     * next may begin as the last one's afterBackup is still to come.
     */
    private final Map<String, java.util.ArrayDeque<BackupListener>> runs = new HashMap<>();
    private ScheduledExecutorService timer;
    /** After finding nothing deletable, writes go ahead without trying again for a while. */
    private static final long NO_ROOM_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(10);
    private long noRoomSince = System.nanoTime() - NO_ROOM_BACKOFF_NANOS;

    public PruneService(Path root, Btrfs btrfs, Settings settings, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.settings = settings;
        this.pruner = new Pruner(this.root, btrfs, settings.prune(), clock);
        this.sizes = new BackupSizes(this.root);
        this.gauge = new SpaceGauge(pruner);
        this.guard = settings.guard();
        this.clock = clock;
        this.meter = new QuotaMeter(this.root, btrfs, QuotaMeter.POLL_EVERY, QuotaMeter.COMMIT_EVERY);
    }

    public Pruner pruner() {
        return pruner;
    }

    /** Starts the timer (unless the interval is zero). */
    public synchronized void start() {
        if (settings.interval().isZero() || timer != null) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "byteback-prune-timer");
            t.setDaemon(true);
            return t;
        });
        long millis = settings.interval().toMillis();
        timer.scheduleWithFixedDelay(this::tick, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** One scheduled pruning step: what the timer does. */
    public void tick() {
        try {
            pruner.pruneOnce(PruneMode.SCHEDULED);
            gauge.refresh();
        } catch (IOException | RuntimeException e) {
            LOG.warn("pruning failed: {}", e.toString());
        }
    }

    /** A backup of {@code client} starts: its writes are watched. */
    @Override
    public ReceiveListener forBackup(String client) {
        BackupSizes.checkName(client);
        QuotaMeter.Measure measure = meter.start(root.resolve(client).resolve(Store.CURRENT));
        LOG.info("size guard for the backup of {}: {}", client, measure.describe());
        BackupListener run = new BackupListener(this, client, measure);
        synchronized (runs) {
            runs.computeIfAbsent(client, c -> new java.util.ArrayDeque<>()).addLast(run);
        }
        return run;
    }

    /** A backup run ended: what it wrote so far is kept for the next run of the same backup. */
    @Override
    public void afterBackup(String client, int exitCode) {
        BackupListener run;
        synchronized (runs) {
            java.util.ArrayDeque<BackupListener> q = runs.get(client);
            run = q == null ? null : q.pollFirst();
            if (q != null && q.isEmpty()) runs.remove(client);
        }
        if (run != null) {
            long cost = run.finish(); // the filesystem's last measure counts before the record is saved
            LOG.info("backup run of {} ended (exit {}): it cost {} by the size guard's count", client, exitCode,
                    Bytes.human(cost));
        }
        BackupSizes.Record record;
        synchronized (records) {
            record = records.get(client);
        }
        if (record != null) {
            sizes.save(client, record);
        }
    }

    /**
     * A snapshot was made: the backup is complete, its size is recorded, and pruning runs. A backup
     * the size guard stopped does not raise the client's limit (unless the administrator allowed
     * it), so that stopped backups cannot ratchet it up.
     */
    @Override
    public void afterSnapshot(String client, Path snapshot) {
        boolean allowed = sizes.growthAllowed(client);
        BackupSizes.Record done;
        synchronized (records) {
            BackupSizes.Record r = record(client);
            long largest = r.refused() && !allowed ? r.largest() : Math.max(r.largest(), r.pending());
            // a stopped backup's bytes still count in the window: they are on the disc
            GrowthLedger ledger = guard.completed(r.ledger(), r.pending(), allowed, clock.instant());
            done = new BackupSizes.Record(largest, 0, r.pending(), false, ledger);
            records.put(client, done);
        }
        sizes.save(client, done);
        LOG.info("backup of {} complete at {}: {} written, largest so far {}", client, snapshot,
                Bytes.human(done.last()), Bytes.human(done.largest()));
        if (allowed) {
            sizes.useUpGrowthAllowance(client);
        }
        tick();
    }

    /** What the size guard remembers of {@code client} (its ledger included). */
    public BackupSizes.Record sizes(String client) {
        synchronized (records) {
            return record(client);
        }
    }

    /** Bytes written by the backup of {@code client} since its last snapshot. */
    public long pending(String client) {
        synchronized (records) {
            return record(client).pending();
        }
    }

    SpaceGauge gauge() {
        return gauge;
    }

    void written(String client, long bytes) {
        gauge.written(bytes);
        synchronized (records) {
            BackupSizes.Record r = record(client);
            records.put(client, r.plus(bytes));
        }
    }

    /**
     * {@code client}'s backup is about to make the filesystem use {@code bytes} more (file data,
     * or an entry's or xattrs' metadata): the size guard's window rule, whatever the free space;
     * then, when they would leave less than the low mark free, its sudden-growth rule and pruning.
     */
    void beforeCharge(String client, long bytes) throws IOException {
        guard(client, bytes, false);
        if (!gauge.fits(bytes)) {
            needRoom(client, bytes);
        }
    }

    /** Stops the backup with the guard's message, unless the guard or the administrator lets it go on. */
    private void guard(String client, long bytes, boolean needsRoom) throws IOException {
        BackupSizes.Record r;
        synchronized (records) {
            r = record(client);
        }
        Optional<SizeGuard.Refusal> refusal = guard.check(r.ledger(), r.largest(), r.pending(), bytes, needsRoom,
                false, clock.instant());
        if (refusal.isEmpty() || sizes.growthAllowed(client)) {
            return;
        }
        String allow = "byteback-server allow-growth --root " + root + " --name " + client;
        SizeGuard.Refusal why = refusal.get();
        String message = why.rule() == SizeGuard.Rule.SUDDEN
                ? settings.growth().refusal(client, why.bytes(), why.reference(), gauge.latest(), allow)
                : guard.windowRefusal(client, why, allow);
        synchronized (records) {
            records.put(client, record(client).refusedNow());
        }
        if (why.rule() == SizeGuard.Rule.SUDDEN) {
            LOG.warn("refused to prune for a backup: {}", message);
        } else {
            LOG.warn("size guard stopped a backup growing too fast: {}", message);
        }
        throw new SessionException(ExitCode.FILEIO, message); // the whole backup ends, whatever it was writing
    }

    /** A write of {@code bytes} by {@code client}'s backup would leave less than the low mark free. */
    void needRoom(String client, long bytes) throws IOException {
        guard(client, bytes, true);
        synchronized (this) {
            if (System.nanoTime() - noRoomSince < NO_ROOM_BACKOFF_NANOS) {
                return; // nothing was deletable a moment ago: let the write try
            }
            if (!pruner.makeRoom(bytes)) {
                noRoomSince = System.nanoTime();
            }
        }
        gauge.refresh();
    }

    private BackupSizes.Record record(String client) {
        return records.computeIfAbsent(client, sizes::load);
    }

    @Override
    public synchronized void close() {
        meter.close();
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
