package byteback.server.status;

import java.time.Instant;
import java.util.List;

/**
 * {@code status}'s whole answer: every client, and the store's free space and prune state.
 *
 * @param time       when it was read
 * @param root       the store's ROOT
 * @param clients    the clients, by name
 * @param totalBytes the filesystem's size; -1 when it could not be read
 * @param freeBytes  bytes available for backups; -1 when they could not be read
 * @param pruning    whether the server is pruning (free space fell to the low mark and has not yet
 *                   reached the high mark again: {@code ROOT/.byteback/pruning})
 * @param trend      how free space moved over the last day, from the pruner's history; null when
 *                   there is no history (yet)
 */
public record StoreStatus(Instant time, String root, List<ClientStatus> clients, long totalBytes, long freeBytes,
        boolean pruning, FreeSpaceTrend trend) {

    /** Without a free-space trend. */
    public StoreStatus(Instant time, String root, List<ClientStatus> clients, long totalBytes, long freeBytes,
            boolean pruning) {
        this(time, root, clients, totalBytes, freeBytes, pruning, null);
    }

    public double freePercent() {
        return totalBytes <= 0 ? 0 : 100.0 * freeBytes / totalBytes;
    }
}
