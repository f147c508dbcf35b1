package byteback.server.snapshot;

import byteback.btrfs.Btrfs;
import byteback.server.BackupHooks;
import byteback.server.store.Snapshot;
import byteback.server.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Freezes a client's current into a read-only snapshot, within the rate limit. */
public final class Snapshotter {
    private static final Logger LOG = LoggerFactory.getLogger(Snapshotter.class);

    /** What happened: a snapshot at {@code path}, or none and why. */
    public record Result(boolean made, Path path, String message) {}

    private final Store store;
    private final Btrfs btrfs;
    private final SnapshotPolicy policy;
    private final Clock clock;
    private final BackupHooks hooks;

    /** The server's clock; its zone names snapshots and shows times in listings. */
    public Clock clock() {
        return clock;
    }

    public Snapshotter(Store store, Btrfs btrfs, SnapshotPolicy policy, Clock clock, BackupHooks hooks) {
        this.store = store;
        this.btrfs = btrfs;
        this.policy = policy;
        this.clock = clock;
        this.hooks = hooks;
    }

    /** The caller holds the client's lock, so no backup writes into current meanwhile. */
    public Result complete(String client) throws IOException {
        Path current = store.current(client);
        if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS) || !btrfs.isSubvolume(current)) {
            throw new IOException(current + " is not a btrfs subvolume; enrol the client first");
        }
        Instant now = clock.instant();
        List<Instant> times = store.snapshots(client).stream().map(Snapshot::time).toList();
        SnapshotPolicy.Decision d = policy.decide(times, now);
        if (!d.allowed()) {
            LOG.info("snapshot client={} refused: {}", client, d.reason());
            return refused(client, "No snapshot taken: " + d.reason() + ".");
        }
        Path target = store.clientDir(client).resolve(SnapshotName.of(now, clock.getZone()));
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            target = store.clientDir(client).resolve(SnapshotName.withSeconds(now, clock.getZone()));
        }
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            LOG.info("snapshot client={} refused: {} exists", client, target);
            return refused(client, "No snapshot taken: " + target.getFileName() + " already exists; try again in a second.");
        }
        btrfs.snapshot(current, target, true);
        LOG.info("snapshot client={} made {} (read-only; {})", client, target, d.reason());
        try {
            hooks.afterSnapshot(client, target);
        } catch (RuntimeException e) {
            LOG.warn("after-snapshot hook failed for client={}: {}", client, e.toString());
        }
        return new Result(true, target, "Snapshot " + target.getFileName() + " taken (read-only).");
    }

    private Result refused(String client, String message) {
        try {
            hooks.snapshotRefused(client, message);
        } catch (RuntimeException e) {
            LOG.warn("snapshot-refused hook failed for client={}: {}", client, e.toString());
        }
        return new Result(false, null, message);
    }
}
