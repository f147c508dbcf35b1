package byteback.server.prune;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import byteback.server.store.Beneath;
import byteback.server.store.Ownership;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the size guard remembers about each client, under {@code ROOT/.byteback/backup-sizes/<client>}:
 * the largest completed backup, the bytes written since its last snapshot (a backup may take several
 * runs), and the last completed backup; plus the administrator's one-time permission to grow,
 * {@code ROOT/.byteback/allow-growth/<client>}. Files are replaced atomically; when the disc is too
 * full to write them the numbers live on in memory.
 */
public final class BackupSizes {
    private static final Logger LOG = LoggerFactory.getLogger(BackupSizes.class);

    /**
     * One client's numbers.
     *
     * @param largest the largest completed backup, in bytes written
     * @param pending bytes written since the last snapshot
     * @param last    the last completed backup
     * @param refused whether the size guard stopped the backup now pending
     */
    public record Record(long largest, long pending, long last, boolean refused) {
        static final Record NONE = new Record(0, 0, 0, false);

        Record plus(long bytes) {
            return new Record(largest, pending + bytes, last, refused);
        }

        Record refusedNow() {
            return new Record(largest, pending, last, true);
        }
    }

    private final Path sizesDir;
    private final Path allowDir;

    public BackupSizes(Path root) {
        Path state = root.resolve(".byteback");
        this.sizesDir = state.resolve("backup-sizes");
        this.allowDir = state.resolve("allow-growth");
    }

    /** Client names are directory names under ROOT: nothing that could leave a directory. */
    static String checkName(String client) {
        if (client.isEmpty() || client.startsWith(".") || client.contains("/") || client.indexOf('\0') >= 0
                || client.length() > 255) {
            throw new IllegalArgumentException("not a client name: '" + client + "'");
        }
        return client;
    }

    public Record load(String client) {
        Path file = sizesDir.resolve(checkName(client));
        try {
            long largest = 0;
            long pending = 0;
            long last = 0;
            boolean refused = false;
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            for (String line : lines) {
                String[] words = line.trim().split(" ");
                if (words.length != 2) {
                    continue;
                }
                long value = Long.parseLong(words[1]);
                switch (words[0]) {
                    case "largest" -> largest = value;
                    case "pending" -> pending = value;
                    case "last" -> last = value;
                    case "refused" -> refused = value != 0;
                    default -> { }
                }
            }
            return new Record(Math.max(0, largest), Math.max(0, pending), Math.max(0, last), refused);
        } catch (NoSuchFileException none) {
            return Record.NONE;
        } catch (IOException | RuntimeException unreadable) {
            LOG.warn("ignoring unreadable backup sizes {}: {}", file, unreadable.toString());
            return Record.NONE;
        }
    }

    public void save(String client, Record record) {
        Path file = sizesDir.resolve(checkName(client));
        Path tmp = sizesDir.resolve("." + client + ".tmp-" + Thread.currentThread().getId());
        String text = "largest " + record.largest() + "\npending " + record.pending() + "\nlast " + record.last()
                + "\nrefused " + (record.refused() ? 1 : 0) + "\n";
        try {
            Files.createDirectories(sizesDir);
            Files.writeString(tmp, text, StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("cannot write backup sizes {} ({}); keeping them in memory", file, e.toString());
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a later save replaces it
            }
        }
    }

    /** The administrator allows the next backup of {@code client} to grow (allow-growth). */
    public void allowGrowth(String client) throws IOException {
        checkName(client);
        // the admin CLI runs this as root in a directory the store's owner controls: no symlink is
        // followed, and what it creates belongs to the store's owner, so the server can remove it
        Path root = allowDir.getParent().getParent();
        Ownership owner = Ownership.of(root);
        try (Beneath r = Beneath.root(root); Beneath state = r.dir(".byteback", owner);
             Beneath allow = state.dir("allow-growth", owner);
             FileChannel ignored = allow.file(client, owner, StandardOpenOption.READ)) {
            // created (or already there)
        }
    }

    public boolean growthAllowed(String client) {
        return Files.exists(allowDir.resolve(checkName(client)));
    }

    /** The permission is used up once the backup it was given for is complete. */
    public void useUpGrowthAllowance(String client) {
        try {
            Files.deleteIfExists(allowDir.resolve(checkName(client)));
        } catch (IOException e) {
            LOG.warn("cannot remove the growth permission of {}: {}", client, e.toString());
        }
    }
}
