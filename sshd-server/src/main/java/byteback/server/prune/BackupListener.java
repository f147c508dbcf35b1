package byteback.server.prune;

import byteback.rsync.receiver.ReceiveListener;
import java.io.IOException;

/**
 * Watches one backup's writes: counts them for the size guard and, when a write would leave less
 * than the low mark free, makes room by pruning first — unless the backup is suddenly far larger
 * than the client's earlier ones, in which case it ends with a message saying why.
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
        if (bytes <= 0 || service.gauge().fits(bytes)) {
            return;
        }
        service.needRoom(client, bytes);
    }

    @Override
    public void written(long bytes) {
        if (bytes > 0) {
            service.written(client, bytes);
        }
    }
}
