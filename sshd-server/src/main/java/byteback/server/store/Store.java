package byteback.server.store;

import byteback.server.auth.ClientName;
import byteback.server.snapshot.SnapshotName;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The layout of a server's ROOT (SPEC section 3), the same as the original byteback's:
 * ROOT/.ssh/authorized_keys, ROOT/.byteback/ for server state, ROOT/client/current and
 * ROOT/client/snapshot-name.
 */
public final class Store {
    public static final String CURRENT = "current";

    private final Path root;

    public Store(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    public Path stateDir() {
        return root.resolve(".byteback");
    }

    public Path authorizedKeys() {
        return root.resolve(".ssh").resolve("authorized_keys");
    }

    public Path clientDir(String client) {
        return root.resolve(ClientName.check(client));
    }

    public Path current(String client) {
        return clientDir(client).resolve(CURRENT);
    }

    /** Client directories: ROOT/name holding a current directory. */
    public List<String> clients() throws IOException {
        List<String> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (ClientName.isValid(name) && Files.isDirectory(p.resolve(CURRENT), LinkOption.NOFOLLOW_LINKS)) {
                    out.add(name);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** The client's snapshots, oldest first; entries whose names are not times are not snapshots. */
    public List<Snapshot> snapshots(String client) throws IOException {
        Path dir = clientDir(client);
        List<Snapshot> out = new ArrayList<>();
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return out;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (name.equals(CURRENT) || !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) continue;
                SnapshotName.parse(name).ifPresent(t -> out.add(new Snapshot(client, name, p, t)));
            }
        }
        out.sort(Comparator.comparing(Snapshot::time).thenComparing(Snapshot::name));
        return out;
    }

    public Optional<Snapshot> newestSnapshot(String client) throws IOException {
        List<Snapshot> all = snapshots(client);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }
}
