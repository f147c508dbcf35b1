package byteback.server.cli;

import byteback.server.auth.AuthorizedKey;
import byteback.server.auth.AuthorizedKeysFile;
import byteback.server.auth.KeyFingerprint;
import byteback.server.snapshot.Durations;
import byteback.server.store.Snapshot;
import byteback.server.store.Store;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "clients", mixinStandardHelpOptions = true,
        description = "Lists clients: name, key fingerprint, last snapshot and its age.")
final class ClientsCommand implements Callable<Integer> {
    @Mixin RootOption root;

    @Override
    public Integer call() throws IOException {
        Store store = root.existingStore();
        Map<String, List<String>> keys = new TreeMap<>();
        for (String c : store.clients()) keys.put(c, new ArrayList<>());
        for (AuthorizedKey k : new AuthorizedKeysFile(store.authorizedKeys()).keys()) {
            k.options().env(AuthorizedKey.CLIENT_VARIABLE)
                    .ifPresent(c -> keys.computeIfAbsent(c, x -> new ArrayList<>()).add(KeyFingerprint.sha256(k.blob())));
        }
        Instant now = Instant.now();
        System.out.printf("%-30s %-51s %-26s %s%n", "CLIENT", "KEY", "LAST SNAPSHOT", "AGE");
        for (var e : keys.entrySet()) {
            Optional<Snapshot> last = byteback.server.auth.ClientName.isValid(e.getKey())
                    ? store.newestSnapshot(e.getKey()) : Optional.empty();
            List<String> fps = e.getValue().isEmpty() ? List.of("(no key)") : e.getValue();
            for (String fp : fps) {
                System.out.printf("%-30s %-51s %-26s %s%n", e.getKey(), fp,
                        last.map(Snapshot::name).orElse("-"),
                        last.map(s -> Durations.words(Duration.between(s.time(), now))).orElse("-"));
            }
        }
        return ExitCodes.OK;
    }
}
