package byteback.server.prune;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** The orders snapshots can be pruned in; each lists the most important first. */
public enum PruneOrder {
    /** The SPEC's targets: the last 7 days, four Sundays, then every 28 days. The default. */
    IMPORTANCE {
        @Override
        public List<StoredSnapshot> order(Collection<StoredSnapshot> snapshots, Instant now) {
            return ImportanceOrder.order(snapshots, now);
        }
    },
    /** Newest first: the oldest snapshot is the least important. */
    AGE {
        @Override
        public List<StoredSnapshot> order(Collection<StoredSnapshot> snapshots, Instant now) {
            List<StoredSnapshot> list = new ArrayList<>(snapshots);
            list.sort(StoredSnapshot.NEWEST_FIRST);
            return list;
        }
    };

    /** All snapshots of all clients, most important first; the last is deleted first. */
    public abstract List<StoredSnapshot> order(Collection<StoredSnapshot> snapshots, Instant now);

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code importance} or {@code age}, as on the command line. */
    public static PruneOrder parse(String word) {
        for (PruneOrder order : values()) {
            if (order.label().equals(word)) {
                return order;
            }
        }
        throw new IllegalArgumentException("--order must be 'importance' or 'age', not '" + word + "'");
    }
}
