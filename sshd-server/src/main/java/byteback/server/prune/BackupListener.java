package byteback.server.prune;

import byteback.rsync.receiver.ReceiveListener;
import byteback.rsync.protocol.SessionException;
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
    private volatile String stoppedBecause;

    BackupListener(PruneService service, String client) {
        this.service = service;
        this.client = client;
    }

    @Override
    public void beforeWrite(long bytes) throws IOException {
        if (bytes > 0) {
            charge(bytes);
        }
    }

    @Override
    public void metadata(long bytes) throws IOException {
        if (bytes > 0) {
            charge(bytes);
            service.written(client, bytes);
        }
    }

    private void charge(long bytes) throws IOException {
        try {
            service.beforeCharge(client, bytes);
        } catch (SessionException stopped) {
            stoppedBecause = stopped.getMessage();
            throw stopped;
        }
    }

    @Override
    public String stoppedBecause() {
        return stoppedBecause;
    }

    @Override
    public void written(long bytes) {
        if (bytes > 0) {
            service.written(client, bytes);
        }
    }
}
