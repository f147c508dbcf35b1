package byteback.it.prune;

import byteback.testsupport.SpareUser;

import byteback.btrfs.Btrfs;
import byteback.rsync.receiver.ReceiveListener;
import byteback.server.prune.AllowGrowthCommand;
import byteback.server.prune.GrowthLimit;
import byteback.server.prune.GrowthWindow;
import byteback.server.prune.PruneOrder;
import byteback.server.prune.PrunePolicy;
import byteback.server.prune.PruneService;
import byteback.server.prune.PruneSettings;
import byteback.server.prune.SpaceReading;
import byteback.server.prune.StoreSnapshots;
import byteback.server.prune.StoredSnapshot;
import byteback.server.snapshot.SnapshotPolicy;
import byteback.server.snapshot.Snapshotter;
import byteback.server.store.Store;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import picocli.CommandLine;

/**
 * Runs as the unprivileged server user (see {@link SpareUser}): backups day after day into a small
 * btrfs through the pruning service — writes announced to the backup's ReceiveListener, as the
 * rsync receiver does, then the server's own Snapshotter with the service as its hooks — under a
 * simulated clock. It checks as it
 * goes and exits non-zero with the reason on the first violation; the test checks the result with
 * btrfs-progs afterwards.
 */
public final class PruneScenario {
    static final int FILE = 2 << 20;
    static final int CHUNK = 256 << 10;

    private final Path root;
    private final Btrfs btrfs = new Btrfs();
    private final SimulatedClock clock = new SimulatedClock(Instant.parse("2026-01-05T00:00:00Z"));
    private final PruneService service;
    private final StoreSnapshots store;
    private final Snapshotter snapshotter;
    private final Random random = new Random(42);
    private final Map<String, StoredSnapshot> newest = new HashMap<>();
    private int deletions;

    PruneScenario(Path root, GrowthLimit growth) {
        this.root = root;
        this.service = new PruneService(root, btrfs,
                // the growth window out of the way (1 000 000 % a week): this tests pruning and the sudden rule
                new PruneService.Settings(PruneSettings.DEFAULTS, Duration.ZERO, growth,
                        new GrowthWindow(Duration.ofDays(7), 1e6)), clock);
        this.store = new StoreSnapshots(root);
        this.snapshotter = new Snapshotter(new Store(root), btrfs, new SnapshotPolicy(Duration.ofHours(6)), clock, service);
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[1]);
        switch (args[0]) {
            case "daily" -> new PruneScenario(root, GrowthLimit.DEFAULT).daily(Integer.parseInt(args[2]));
            case "growth" -> new PruneScenario(root, new GrowthLimit(2.0, 64L << 20)).growth();
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    /** Three clients; gamma misses days at random. Each day every file rewritten is new data. */
    void daily(int days) throws Exception {
        Map<String, int[]> clients = new java.util.LinkedHashMap<>();
        // name -> {files at the start, files rewritten a day, hour of the backup}
        clients.put("alpha", new int[] {40, 10, 1});
        clients.put("beta", new int[] {25, 7, 3});
        clients.put("gamma", new int[] {15, 5, 22});
        for (var c : clients.entrySet()) {
            enrol(c.getKey());
        }
        SpaceReading lowest = null;
        for (int day = 0; day < days; day++) {
            Instant midnight = Instant.parse("2026-01-05T00:00:00Z").plus(Duration.ofDays(day));
            for (var c : clients.entrySet()) {
                String name = c.getKey();
                int[] p = c.getValue();
                if (name.equals("gamma") && day > 0 && random.nextInt(3) == 0) {
                    continue;
                }
                setClock(midnight.plus(Duration.ofHours(p[2])));
                backup(name, day == 0 ? p[0] : p[1], p[0]);
            }
            for (int t = 0; t < 4; t++) {
                clock.advance(Duration.ofMinutes(35));
                Set<StoredSnapshot> before = snapshots();
                service.tick();
                checkDeletions(before, "timer");
            }
            SpaceReading free = service.pruner().peekSpace();
            if (lowest == null || free.availableBytes() < lowest.availableBytes()) {
                lowest = free;
            }
            System.out.printf("DAY %d %s snapshots=%d deletions=%d%n", day, free.describe(), snapshots().size(), deletions);
        }
        System.out.printf("SUMMARY days=%d deletions=%d snapshots=%d lowest=%s%n", days, deletions, snapshots().size(),
                lowest.describe());
    }

    /**
     * Two clients back up 4 MiB a day for 12 days; then alpha suddenly sends until the disc is
     * nearly full: refused, nothing pruned. The administrator allows it; the retry completes.
     */
    void growth() throws Exception {
        enrol("alpha");
        enrol("beta");
        for (int day = 0; day < 12; day++) {
            Instant midnight = Instant.parse("2026-01-05T00:00:00Z").plus(Duration.ofDays(day));
            setClock(midnight.plus(Duration.ofHours(1)));
            backup("alpha", 2, 2);
            setClock(midnight.plus(Duration.ofHours(2)));
            backup("beta", 2, 2);
            for (int t = 0; t < 2; t++) {
                clock.advance(Duration.ofMinutes(35));
                Set<StoredSnapshot> before = snapshots();
                service.tick();
                checkDeletions(before, "timer");
            }
        }
        require(deletions == 0, "nothing should be pruned while the disc is empty");
        clock.advance(Duration.ofHours(20));
        Set<StoredSnapshot> before = snapshots();
        ReceiveListener listener = service.forBackup("alpha");
        String refusal = null;
        int written = 0;
        try {
            for (int file = 0; file < 1000; file++) {
                writeFile(listener, root.resolve("alpha/current/big-" + file));
                written++;
            }
        } catch (IOException e) {
            refusal = e.getMessage();
        }
        service.afterBackup("alpha", refusal == null ? 0 : 11);
        require(refusal != null, "the sudden large backup was not stopped after " + written + " files");
        require(refusal.contains("allow-growth") && refusal.contains("alpha"), "unclear message: " + refusal);
        require(snapshots().equals(before), "snapshots were pruned for the large backup: " + diff(before, snapshots()));
        SpaceReading free = service.pruner().peekSpace();
        System.out.println("REFUSED after " + written + " files, " + free.describe() + ": " + refusal);

        int exit = new CommandLine(new AllowGrowthCommand()).execute("--root", root.toString(), "--name", "alpha");
        require(exit == 0, "allow-growth exited " + exit);
        listener = service.forBackup("alpha");
        for (int file = written; file < written + 10; file++) {
            writeFile(listener, root.resolve("alpha/current/big-" + file));
        }
        service.afterBackup("alpha", 0);
        require(deletions(before) > 0, "the allowed backup should have pruned");
        snapshot("alpha");
        System.out.printf("ALLOWED pruned=%d %s%n", deletions(before), service.pruner().peekSpace().describe());
    }

    private int deletions(Set<StoredSnapshot> before) throws IOException {
        Set<StoredSnapshot> gone = new HashSet<>(before);
        gone.removeAll(snapshots());
        return gone.size();
    }

    private void enrol(String client) throws IOException {
        java.nio.file.Files.createDirectories(root.resolve(client));
        btrfs.createSubvolume(root.resolve(client).resolve("current"));
    }

    private void setClock(Instant t) {
        clock.advance(Duration.between(clock.instant(), t));
    }

    /** One backup: {@code changed} files of {@code pool} rewritten, then the snapshot. */
    private void backup(String client, int changed, int pool) throws IOException {
        Set<StoredSnapshot> before = snapshots();
        ReceiveListener listener = service.forBackup(client);
        for (int i = 0; i < changed; i++) {
            int file = changed == pool ? i : random.nextInt(pool);
            try {
                writeFile(listener, root.resolve(client).resolve("current").resolve("file-" + file));
            } catch (IOException e) {
                throw new IllegalStateException("the backup of " + client + " failed at " + clock.instant() + ": " + e, e);
            }
        }
        service.afterBackup(client, 0);
        checkDeletions(before, "backup of " + client);
        snapshot(client);
    }

    /**
     * What {@code byteback-receive --complete} does: the server's Snapshotter makes the read-only
     * snapshot and calls the pruning service's afterSnapshot, which prunes.
     */
    private void snapshot(String client) throws IOException {
        Set<StoredSnapshot> before = snapshots();
        Snapshotter.Result result = snapshotter.complete(client);
        require(result.made(), "no snapshot: " + result.message());
        Path target = result.path();
        StoredSnapshot made = snapshots().stream().filter(s -> s.path().equals(target)).findFirst()
                .orElseThrow(() -> new IllegalStateException("the new snapshot " + target + " is not listed"));
        newest.put(client, made);
        before.add(made);
        checkDeletions(before, "after the snapshot of " + client);
    }

    private void writeFile(ReceiveListener listener, Path file) throws IOException {
        byte[] data = new byte[CHUNK];
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (int done = 0; done < FILE; done += CHUNK) {
                random.nextBytes(data);
                listener.beforeWrite(CHUNK);
                ByteBuffer buf = ByteBuffer.wrap(data);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                listener.written(CHUNK);
            }
        }
    }

    private Set<StoredSnapshot> snapshots() throws IOException {
        return new HashSet<>(store.all());
    }

    /**
     * The snapshots that went since {@code before} must be, one after another, the least important
     * deletable one of the importance order at this time; each client's newest must still be there.
     */
    private void checkDeletions(Set<StoredSnapshot> before, String when) throws IOException {
        Set<StoredSnapshot> after = snapshots();
        Set<StoredSnapshot> gone = new HashSet<>(before);
        gone.removeAll(after);
        List<StoredSnapshot> remaining = new ArrayList<>(before);
        for (int i = 0; i < gone.size(); i++) {
            Optional<StoredSnapshot> next = PrunePolicy.leastImportantDeletable(
                    PruneOrder.IMPORTANCE.order(remaining, clock.instant()));
            require(next.isPresent() && gone.contains(next.get()), when + " at " + clock.instant()
                    + ": deleted " + gone + " but the order says " + next);
            remaining.remove(next.get());
            System.out.println("PRUNED " + next.get().path() + " (" + when + " at " + clock.instant() + ")");
        }
        deletions += gone.size();
        for (StoredSnapshot s : newest.values()) {
            require(after.contains(s), "a client's newest snapshot is gone: " + s);
        }
    }

    private static String diff(Set<StoredSnapshot> before, Set<StoredSnapshot> after) {
        Set<StoredSnapshot> gone = new HashSet<>(before);
        gone.removeAll(after);
        return gone.toString();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }
}
