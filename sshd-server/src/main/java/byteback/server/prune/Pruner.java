package byteback.server.prune;

import byteback.btrfs.Btrfs;
import byteback.btrfs.SpaceUsage;
import byteback.server.metrics.Meters;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out the {@link PrunePolicy} on a store: reads free space into the history, lists the
 * snapshots, deletes the one the policy names, waits for btrfs to give the space back and logs
 * every deletion with its reason and the free space before and after. One decision at a time.
 */
public final class Pruner {
    private static final Logger LOG = LoggerFactory.getLogger(Pruner.class);
    /** How long to wait for a deleted snapshot's space to come back before reading on. */
    static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration UNCHANGED_TIMEOUT = Duration.ofSeconds(3);
    private static final long SETTLE_POLL_MILLIS = 100;

    private final Path root;
    private final Btrfs btrfs;
    private final PrunePolicy policy;
    private final Clock clock;
    private final StoreSnapshots snapshots;
    private final DiskSpaceHistoryFile historyFile;
    private final DiskSpaceHistory history;
    private final PruningFlag flag;

    public Pruner(Path root, Btrfs btrfs, PruneSettings settings, Clock clock) {
        this.root = root.toAbsolutePath().normalize();
        this.btrfs = btrfs;
        this.policy = new PrunePolicy(settings);
        this.clock = clock;
        this.snapshots = new StoreSnapshots(this.root);
        Path state = this.root.resolve(".byteback");
        this.historyFile = new DiskSpaceHistoryFile(state);
        this.history = historyFile.load();
        this.flag = new PruningFlag(state);
    }

    public PruneSettings settings() {
        return policy.settings();
    }

    public Path root() {
        return root;
    }

    /** Every snapshot of every client, most important first. */
    public List<StoredSnapshot> ordered() throws IOException {
        return policy.settings().order().order(snapshots.all(), clock.instant());
    }

    /** Reads the free space now and records it in the history (saved when it changed). */
    public synchronized SpaceReading readSpace() throws IOException {
        btrfs.sync(root);
        SpaceUsage usage = btrfs.space(root);
        SpaceReading reading = new SpaceReading(clock.instant(), usage.totalBytes(), usage.availableBytes());
        if (history.record(reading)) {
            historyFile.save(history);
        }
        return reading;
    }

    /**
     * Free space once the data written so far has reached the disc (statfs on btrfs does not count
     * what is still in the page cache), without recording it.
     */
    public SpaceReading flushedSpace() throws IOException {
        btrfs.sync(root);
        return peekSpace();
    }

    /** Free space now, without recording it. */
    public SpaceReading peekSpace() throws IOException {
        SpaceUsage usage = btrfs.space(root);
        return new SpaceReading(clock.instant(), usage.totalBytes(), usage.availableBytes());
    }

    /**
     * One step: read free space, decide, delete at most one snapshot.
     *
     * @return the decision, after it was carried out
     */
    public synchronized PruneDecision pruneOnce(PruneMode mode) throws IOException {
        SpaceReading before = readSpace();
        PruneDecision decision = policy.decide(mode, history, snapshots.all(), flag.isSet(), clock.instant());
        if (decision.pruning() != flag.isSet()) {
            LOG.info("{} pruning: {}", decision.pruning() ? "started" : "stopped", decision.reason());
        }
        flag.set(decision.pruning());
        if (decision.delete().isEmpty()) {
            LOG.debug("not pruning: {}", decision.reason());
            return decision;
        }
        StoredSnapshot victim = decision.delete().get();
        btrfs.deleteSubvolume(victim.path());
        Meters.pruned(mode.name().toLowerCase(java.util.Locale.ROOT));
        SpaceReading after = settle(before);
        LOG.info("pruned snapshot {} of client {}: {}; free space before {}, after {}", victim.path(),
                victim.client(), decision.reason(), before.describe(), after.describe());
        return decision;
    }

    /**
     * A backup is about to write {@code bytes}: while that would leave less than the low mark free,
     * deletes the least important deletable snapshots one at a time (waiting for the space each
     * time) until the high mark is reached or nothing deletable is left.
     *
     * @return whether the write now leaves at least the low mark free
     */
    public synchronized boolean makeRoom(long bytes) throws IOException {
        PruneSettings settings = policy.settings();
        SpaceReading now = readSpace();
        if (now.bytesAbove(settings.minPercent()) >= bytes) {
            return true;
        }
        while (now.bytesAbove(settings.maxPercent()) < bytes) {
            PruneDecision d = pruneOnce(PruneMode.LOW_SPACE_DURING_BACKUP);
            now = readSpace();
            if (d.delete().isEmpty()) {
                break;
            }
        }
        boolean room = now.bytesAbove(settings.minPercent()) >= bytes;
        if (!room) {
            LOG.warn("a backup is about to write {} with {}, and no snapshot can be deleted for it",
                    Bytes.human(bytes), now.describe());
        }
        return room;
    }

    /**
     * Waits (bounded) until btrfs has given back the deleted snapshot's space: committing and
     * waking the cleaner each round, until free space grew and then held still, or did not move at
     * all for a few seconds (a snapshot that shared all its data frees next to nothing).
     */
    private SpaceReading settle(SpaceReading before) throws IOException {
        long start = System.nanoTime();
        long deadline = start + SETTLE_TIMEOUT.toNanos();
        long unchangedDeadline = start + UNCHANGED_TIMEOUT.toNanos();
        SpaceReading last = before;
        while (true) {
            btrfs.sync(root);
            SpaceReading now = peekSpace();
            boolean grew = now.availableBytes() > before.availableBytes();
            if (grew && now.availableBytes() == last.availableBytes()) {
                return readSpace();
            }
            if (System.nanoTime() > deadline || (!grew && System.nanoTime() > unchangedDeadline)) {
                return readSpace();
            }
            last = now;
            try {
                Thread.sleep(SETTLE_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return readSpace();
            }
        }
    }
}
