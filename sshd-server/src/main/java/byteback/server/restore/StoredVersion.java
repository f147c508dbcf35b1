package byteback.server.restore;

import byteback.rsync.store.StoredEntry;
import byteback.server.snapshot.SnapshotName;
import java.time.Instant;

/**
 * One stored copy of a path: in which snapshot (or {@code current}), under which path, and what
 * it is (the client's type, mode and owner from {@code user.rsync.%stat}; size and mtime on
 * disc).
 *
 * @param snapshot the directory beneath ROOT/client ({@code current} or a snapshot's name)
 * @param path     the client's path, {@code /}-separated with a leading {@code /} ("" for the
 *                 snapshot itself), as the original lists it
 * @param entry    the stored entry
 */
record StoredVersion(String snapshot, byte[] path, StoredEntry entry) {

    /**
     * The snapshot's time as the original orders versions (restore_file.rb: Time.parse of the
     * name, "now" when it is not a time, as for {@code current}).
     */
    Instant snapshotTime(Instant now) {
        return SnapshotName.parse(snapshot).orElse(now);
    }

    long mtimeSeconds() {
        return entry.mtime().getEpochSecond();
    }

    long size() {
        return entry.size();
    }
}
