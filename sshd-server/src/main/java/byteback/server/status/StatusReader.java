package byteback.server.status;

import byteback.btrfs.Btrfs;
import byteback.btrfs.SpaceUsage;
import byteback.server.prune.DiskSpaceHistoryFile;
import byteback.server.prune.PruningFlag;
import byteback.server.store.Ownership;
import byteback.server.store.Snapshot;
import byteback.server.store.Store;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@link StoreStatus} from a store while the server runs: the clients' directories and
 * snapshots, their attempt records, free space and the prune state. Reads only; a running attempt
 * is judged running or abandoned by whether its server process still lives.
 */
public final class StatusReader {
    /** Whether the process {@code pid} started at {@code start} still runs. */
    @FunctionalInterface
    public interface Liveness {
        boolean alive(long pid, Instant start);
    }

    private final Store store;
    private final Btrfs btrfs;
    private final AttemptRecords records;
    private final DiscUsage disc;
    private final Clock clock;
    private final Liveness liveness;

    public StatusReader(Store store, Btrfs btrfs, DiscUsage disc, Clock clock) {
        this(store, btrfs, disc, clock, ProcessIdentity::alive);
    }

    public StatusReader(Store store, Btrfs btrfs, DiscUsage disc, Clock clock, Liveness liveness) {
        this.store = store;
        this.btrfs = btrfs;
        this.records = new AttemptRecords(store, Ownership.KEEP);
        this.disc = disc;
        this.clock = clock;
        this.liveness = liveness;
    }

    /** Every client (or only {@code name}, when not null). */
    public StoreStatus read(String name) throws IOException {
        Instant now = clock.instant();
        List<ClientStatus> clients = new ArrayList<>();
        for (String c : store.clients()) {
            if (name == null || name.equals(c)) clients.add(client(c, now));
        }
        long total = -1;
        long free = -1;
        try {
            SpaceUsage space = btrfs.space(store.root());
            total = space.totalBytes();
            free = space.availableBytes();
        } catch (IOException e) {
            // shown as unknown
        }
        FreeSpaceTrend trend = FreeSpaceTrend.of(new DiskSpaceHistoryFile(store.stateDir()).load().readings(),
                FreeSpaceTrend.WINDOW).orElse(null);
        return new StoreStatus(now, store.root().toString(), clients, total, free,
                PruningFlag.isSetIn(store.stateDir()), trend);
    }

    /** One client's status. */
    public ClientStatus client(String client, Instant now) throws IOException {
        ClientRecord r = records.load(client);
        List<Snapshot> snaps = store.snapshots(client);
        Snapshot oldest = snaps.isEmpty() ? null : snaps.get(0);
        Snapshot newest = snaps.isEmpty() ? null : snaps.get(snaps.size() - 1);
        Attempt success = r.lastSuccess();
        Instant backedUp = success != null ? success.ended() : null;
        String snapshot = success != null ? success.snapshot() : null;
        if (newest != null && (backedUp == null || newest.time().isAfter(backedUp))) {
            backedUp = newest.time();
            if (snapshot == null || success == null) snapshot = newest.name();
        }
        Attempt running = r.running();
        if (running != null && !liveness.alive(running.pid(), running.pidStart())) {
            running = running.abandoned(now);
        }
        return new ClientStatus(client, success, backedUp, snapshot, r.last(), running, r.lastBackup(), snaps.size(),
                oldest == null ? null : oldest.name(), oldest == null ? null : oldest.time(),
                disc.of(client, snaps));
    }
}
