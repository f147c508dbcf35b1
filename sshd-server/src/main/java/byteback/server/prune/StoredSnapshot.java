package byteback.server.prune;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * One read-only snapshot of one client, as the pruning policy sees it: whose it is, when it was
 * taken (from its name, as the original byteback did) and where it lives.
 */
public record StoredSnapshot(String client, Instant time, Path path) {

    /** Newest first; equal times by client name, then path, so every order is deterministic. */
    public static final Comparator<StoredSnapshot> NEWEST_FIRST =
            Comparator.comparing(StoredSnapshot::time).reversed()
                    .thenComparing(StoredSnapshot::client)
                    .thenComparing(s -> s.path().toString());

    public StoredSnapshot {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(path, "path");
    }
}
