package byteback.server.cli;

import byteback.btrfs.Btrfs;
import byteback.server.auth.ClientName;
import byteback.server.snapshot.Durations;
import byteback.server.store.Snapshot;
import byteback.server.store.Store;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "snapshots", mixinStandardHelpOptions = true,
        description = "Lists snapshots, oldest first: client, snapshot, age, read-only or writable, path.")
final class SnapshotsCommand implements Callable<Integer> {
    @Mixin RootOption root;

    @Option(names = "--name", description = "only this client")
    String name;

    @Override
    public Integer call() throws IOException {
        Store store = root.existingStore();
        List<String> clients = name != null ? List.of(ClientName.check(name)) : store.clients();
        Btrfs btrfs = new Btrfs();
        Instant now = Instant.now();
        System.out.printf("%-30s %-26s %-14s %-8s %s%n", "CLIENT", "SNAPSHOT", "AGE", "MODE", "PATH");
        for (String c : clients) {
            for (Snapshot s : store.snapshots(c)) {
                String mode;
                try {
                    mode = btrfs.isReadOnly(s.path()) ? "ro" : "rw";
                } catch (IOException e) {
                    mode = "?";
                }
                System.out.printf("%-30s %-26s %-14s %-8s %s%n", c, s.name(),
                        Durations.words(Duration.between(s.time(), now)), mode, s.path());
            }
        }
        return ExitCodes.OK;
    }
}
