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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the size guard remembers about each client, under {@code ROOT/.byteback/backup-sizes/<client>}:
 * the largest completed backup, the bytes written since its last snapshot (a backup may take several
 * runs), the last completed backup, and the ledger of completed backups the growth window reads;
 * plus the administrator's one-time permission to grow,
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
     * @param ledger  the completed backups: when, and what each made the filesystem use
     */
    public record Record(long largest, long pending, long last, boolean refused, GrowthLedger ledger) {
        static final Record NONE = new Record(0, 0, 0, false);

        public Record(long largest, long pending, long last, boolean refused) {
            this(largest, pending, last, refused, GrowthLedger.EMPTY);
        }

        Record plus(long bytes) {
            return new Record(largest, GrowthLedger.saturated(pending, bytes), last, refused, ledger);
        }

        Record refusedNow() {
            return new Record(largest, pending, last, true, ledger);
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
            long base = 0;
            boolean folded = false;
            boolean hasLedger = false;
            List<GrowthLedger.Backup> backups = new ArrayList<>();
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            for (String line : lines) {
                String[] words = line.trim().split(" ");
                if (words.length == 3 && words[0].equals("backup")) {
                    backups.add(new GrowthLedger.Backup(Instant.ofEpochSecond(Long.parseLong(words[1])),
                            Math.max(0, Long.parseLong(words[2]))));
                    continue;
                }
                if (words.length != 2) {
                    continue;
                }
                long value = Long.parseLong(words[1]);
                switch (words[0]) {
                    case "largest" -> largest = value;
                    case "pending" -> pending = value;
                    case "last" -> last = value;
                    case "refused" -> refused = value != 0;
                    case "ledger-base" -> {
                        base = Math.max(0, value);
                        hasLedger = true;
                    }
                    case "ledger-folded" -> folded = value != 0;
                    default -> { }
                }
            }
            backups.sort(java.util.Comparator.comparing(GrowthLedger.Backup::time));
            // a store from before the growth window: its largest backup stands for its stored size
            GrowthLedger ledger = hasLedger ? new GrowthLedger(base, folded, backups)
                    : largest > 0 ? new GrowthLedger(largest, true, List.of()) : GrowthLedger.EMPTY;
            while (ledger.backups().size() > GrowthLedger.MAXIMUM_BACKUPS) {
                ledger = ledger.foldedBefore(ledger.backups().get(0).time());
            }
            return new Record(Math.max(0, largest), Math.max(0, pending), Math.max(0, last), refused, ledger);
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
        StringBuilder text = new StringBuilder("largest " + record.largest() + "\npending " + record.pending()
                + "\nlast " + record.last() + "\nrefused " + (record.refused() ? 1 : 0)
                + "\nledger-base " + record.ledger().base() + "\nledger-folded " + (record.ledger().folded() ? 1 : 0) + "\n");
        for (GrowthLedger.Backup b : record.ledger().backups()) {
            text.append("backup ").append(b.time().getEpochSecond()).append(' ').append(b.bytes()).append('\n');
        }
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
