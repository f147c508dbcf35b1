package byteback.btrfs;

import java.time.Instant;
import java.util.UUID;

/**
 * What the kernel reports about one subvolume (BTRFS_IOC_GET_SUBVOL_INFO).
 *
 * @param id         the subvolume's tree id (5 is the top-level subvolume)
 * @param uuid       the subvolume's own UUID
 * @param parentUuid the UUID of the subvolume it is a snapshot of; {@code null} when it is not a snapshot
 * @param generation the subvolume's latest transaction id
 * @param created    when the subvolume was created (the epoch for the top-level subvolume)
 * @param readOnly   whether the subvolume is read-only at the btrfs level
 * @param createdTransid the transaction the subvolume (or snapshot) was created in (otransid); what was
 *                   in its tree then carries that transaction id or an older one
 */
public record SubvolumeInfo(long id, UUID uuid, UUID parentUuid, long generation, Instant created, boolean readOnly,
        long createdTransid) {

    /** Without the creation transaction (0: unknown). */
    public SubvolumeInfo(long id, UUID uuid, UUID parentUuid, long generation, Instant created, boolean readOnly) {
        this(id, uuid, parentUuid, generation, created, readOnly, 0);
    }

    /** Whether this subvolume was made as a snapshot of another one. */
    public boolean isSnapshot() {
        return parentUuid != null;
    }
}
