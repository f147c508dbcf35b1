package byteback.server.cli;

import byteback.btrfs.Btrfs;
import byteback.server.BackupHooks;
import byteback.server.auth.ClientName;
import byteback.server.snapshot.Durations;
import byteback.server.snapshot.SnapshotPolicy;
import byteback.server.snapshot.Snapshotter;
import byteback.server.status.AttemptRecorder;
import byteback.server.status.AttemptRecords;
import byteback.server.store.BackupLock;
import byteback.server.store.Ownership;
import byteback.server.store.Store;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = "Snapshots NAME/current read-only now, as byteback-receive --complete does.")
final class SnapshotCommand implements Callable<Integer> {
    @Mixin RootOption root;

    @Option(names = "--name", required = true, description = "the client's name")
    String name;

    @Option(names = "--min-interval", defaultValue = "6h",
            description = "refuse when the newest snapshot is younger than this (default: ${DEFAULT-VALUE}; 0 to always snapshot)")
    String minInterval;

    @Override
    public Integer call() throws IOException {
        ClientName.check(name);
        Store store = root.existingStore();
        // the lock the server holds while it receives a backup of this client (or snapshots it)
        Optional<BackupLock> lock = BackupLock.tryAcquire(store, name, Ownership.of(store.root()));
        if (lock.isEmpty()) {
            System.err.println("a backup or snapshot of \"" + name + "\" is running; no snapshot taken,"
                    + " try again when it ends");
            return ExitCodes.FAILED;
        }
        try (BackupLock held = lock.get()) {
            return snapshot(store);
        }
    }

    /** The snapshot goes on the client's record, for status, as one made by byteback-receive --complete. */
    private static BackupHooks attempts(Store store) throws IOException {
        return new AttemptRecorder(new AttemptRecords(store, Ownership.of(store.root())), Clock.systemUTC());
    }

    private int snapshot(Store store) throws IOException {
        Snapshotter s = new Snapshotter(store, new Btrfs(), new SnapshotPolicy(Durations.parse(minInterval)),
                Clock.systemDefaultZone(), attempts(store));
        Snapshotter.Result r = s.complete(name);
        System.out.println(r.message());
        return r.made() ? ExitCodes.OK : ExitCodes.FAILED;
    }
}
