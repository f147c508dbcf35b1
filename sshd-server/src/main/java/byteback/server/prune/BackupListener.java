package byteback.server.prune;

import byteback.rsync.receiver.ReceiveListener;
import java.io.IOException;

/**
 * Watches one backup's writes, file data and metadata alike: counts them for the size guard, which
 * ends the backup with a message saying why when it grows too fast, and, when a write would leave
 * less than the low mark free, makes room by pruning first — unless the backup is suddenly far
 * larger than the client's earlier ones.
 */
final class BackupListener implements ReceiveListener {
    private final PruneService service;
    private final String client;

    BackupListener(PruneService service, String client) {
        this.service = service;
        this.client = client;
    }

    @Override
    public void beforeWrite(long bytes) throws IOException {
        if (bytes > 0) {
            service.beforeCharge(client, bytes);
        }
    }

    @Override
    public void metadata(long bytes) throws IOException {
        if (bytes > 0) {
            service.beforeCharge(client, bytes);
            service.written(client, bytes);
        }
    }

    @Override
    public void written(long bytes) {
        if (bytes > 0) {
            service.written(client, bytes);
        }
    }
}
