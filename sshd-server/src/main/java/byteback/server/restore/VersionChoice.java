package byteback.server.restore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Which stored copies a listing or restore shows, as the original picks them
 * (lib/byteback/restore.rb find and list). Pure.
 */
enum VersionChoice {
    /** The newest copy of each path (the default). */
    NEWEST,
    /** Every distinct copy of each path ({@code --all}): distinct in mtime (seconds) and size. */
    DISTINCT,
    /** Every copy in every snapshot ({@code --list --verbose}). */
    EVERY;

    /**
     * The chosen copies in the order the original lists them: by path (bytes), then mtime, then
     * size; with {@link #EVERY}, copies that tie are listed oldest snapshot first.
     *
     * @param now the time that {@code current} (and any name that is not a time) stands for
     */
    List<StoredVersion> choose(List<StoredVersion> found, Instant now) {
        Comparator<StoredVersion> byPath = (a, b) -> Arrays.compareUnsigned(a.path(), b.path());
        Comparator<StoredVersion> oldestFirst = Comparator.comparing((StoredVersion v) -> v.snapshotTime(now))
                .thenComparing(v -> v.snapshot().equals("current") ? 1 : 0)
                .thenComparing(StoredVersion::snapshot);
        List<StoredVersion> sorted = new ArrayList<>(found);
        sorted.sort(byPath.thenComparing(this == EVERY ? oldestFirst : oldestFirst.reversed()));
        List<StoredVersion> chosen = new ArrayList<>();
        int groupStart = 0; // where the chosen copies of the current path begin
        for (StoredVersion v : sorted) {
            if (chosen.size() > groupStart && !Arrays.equals(chosen.get(chosen.size() - 1).path(), v.path())) {
                groupStart = chosen.size();
            }
            boolean samePath = chosen.size() > groupStart;
            switch (this) {
                case NEWEST -> {
                    if (!samePath) chosen.add(v);
                }
                case DISTINCT -> {
                    boolean seen = false;
                    for (int i = groupStart; i < chosen.size() && !seen; i++) {
                        StoredVersion c = chosen.get(i);
                        seen = c.mtimeSeconds() == v.mtimeSeconds() && c.size() == v.size();
                    }
                    if (!seen) chosen.add(v);
                }
                case EVERY -> chosen.add(v);
            }
        }
        // copies that tie here are EVERY's only: its stable sort keeps them oldest first
        List<StoredVersion> listed = new ArrayList<>(chosen);
        listed.sort(byPath.thenComparingLong(StoredVersion::mtimeSeconds).thenComparingLong(StoredVersion::size));
        return listed;
    }
}
