package byteback.server.prune;

import java.io.IOException;
import byteback.server.store.Beneath;
import byteback.server.store.Ownership;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hysteresis state, {@code ROOT/.byteback/pruning}: present while the store prunes from the low
 * mark up to the high mark (the original kept {@code ~/.byteback.pruning}). When it cannot be
 * written (a full disc) the state lives on in memory.
 */
public final class PruningFlag {
    private static final Logger LOG = LoggerFactory.getLogger(PruningFlag.class);
    private final Path file;
    private boolean pruning;

    PruningFlag(Path stateDir) {
        this.file = stateDir.resolve("pruning");
        this.pruning = Files.exists(file);
    }

    /** Whether the store whose state directory is {@code stateDir} is pruning now (for status). */
    public static boolean isSetIn(Path stateDir) {
        return Files.exists(stateDir.resolve("pruning"), java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    boolean isSet() {
        return pruning;
    }

    void set(boolean value) {
        if (value == pruning) {
            return;
        }
        pruning = value;
        try {
            // prune --prune runs as root in ROOT/.byteback, which the store's owner controls
            Path root = file.getParent().getParent();
            Ownership owner = Ownership.of(root);
            try (Beneath r = Beneath.root(root); Beneath state = r.dir(".byteback", owner)) {
                if (value) {
                    state.file("pruning", owner, StandardOpenOption.READ).close();
                } else {
                    state.delete("pruning");
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot {} {} ({}); keeping the pruning state in memory", value ? "create" : "remove",
                    file, e.toString());
        }
    }
}
