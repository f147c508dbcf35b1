package byteback.server.prune;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds every snapshot of every client under ROOT, as the original's BackupDirectory.all_snapshots:
 * a client is a directory {@code ROOT/<client>} (not starting with a dot) holding {@code current};
 * its snapshots are the directories beside {@code current} whose names are snapshot times. Symbolic
 * links are never followed.
 */
public final class StoreSnapshots {
    private final Path root;

    public StoreSnapshots(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public List<StoredSnapshot> all() throws IOException {
        List<StoredSnapshot> snapshots = new ArrayList<>();
        try (DirectoryStream<Path> clients = Files.newDirectoryStream(root)) {
            for (Path clientDir : clients) {
                String client = clientDir.getFileName().toString();
                if (client.startsWith(".") || !Files.isDirectory(clientDir, LinkOption.NOFOLLOW_LINKS)
                        || !Files.isDirectory(clientDir.resolve("current"), LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                snapshots.addAll(of(client, clientDir));
            }
        }
        return snapshots;
    }

    private static List<StoredSnapshot> of(String client, Path clientDir) throws IOException {
        List<StoredSnapshot> snapshots = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(clientDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".") || name.equals("current")
                        || !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                Optional<java.time.Instant> time = SnapshotName.parse(name);
                time.ifPresent(t -> snapshots.add(new StoredSnapshot(client, t, entry)));
            }
        }
        return snapshots;
    }
}
