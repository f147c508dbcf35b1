package byteback.server.prune;

import byteback.rsync.receiver.ReceiveListener;
import byteback.rsync.protocol.SessionException;
import java.io.IOException;

/**
 * Watches one backup's writes, file data and metadata alike: counts them for the size guard (by
 * estimate as they happen, and by what btrfs quota groups measure where they are enabled: the
 * run costs whichever is more), which ends the backup with a message saying why when it grows
 * too fast, and, when a write would leave less than the low mark free, makes room by pruning
 * first — unless the backup is suddenly far larger than the client's earlier ones.
 */
final class BackupListener implements ReceiveListener {
    private final PruneService service;
    private final String client;
    private final QuotaMeter.Measure measure;
    private final MeasuredCharge charge = new MeasuredCharge();
    /** Whether the guard was asked during this run (a run that only changes entries is asked at its first). */
    private volatile boolean checked;
    private volatile String stoppedBecause;

    BackupListener(PruneService service, String client, QuotaMeter.Measure measure) {
        this.service = service;
        this.client = client;
        this.measure = measure;
    }

    @Override
    public void beforeWrite(long bytes) throws IOException {
        if (bytes > 0) {
            measured();
            charge(bytes);
        }
    }

    @Override
    public void metadata(long bytes) throws IOException {
        if (bytes > 0) {
            measured();
            charge(bytes);
            count(bytes);
        }
    }

    /** An existing entry changed: it costs what only the filesystem's measure sees. */
    @Override
    public void changed() throws IOException {
        if (measured() || !checked) {
            charge(0);
        }
    }

    @Override
    public void written(long bytes) {
        if (bytes > 0) {
            count(bytes);
        }
    }

    private void count(long bytes) {
        synchronized (charge) {
            charge.charged(bytes);
        }
        service.written(client, bytes);
    }

    /**
     * Reads the filesystem's measure when due and charges what it found beyond the estimates;
     * whether it did.
     */
    private boolean measured() {
        long grown = measure.poll();
        return grown >= 0 && topUp(grown);
    }

    private boolean topUp(long grown) {
        long extra;
        synchronized (charge) {
            extra = charge.topUp(grown);
        }
        if (extra > 0) service.written(client, extra);
        return extra > 0;
    }

    private void charge(long bytes) throws IOException {
        checked = true;
        try {
            service.beforeCharge(client, bytes);
        } catch (SessionException stopped) {
            stoppedBecause = stopped.getMessage();
            throw stopped;
        }
    }

    /** The run ended: the filesystem's last measure (after a commit) is charged too; what the run cost. */
    long finish() {
        long grown = measure.finish();
        if (grown >= 0) topUp(grown);
        synchronized (charge) {
            return charge.total();
        }
    }

    @Override
    public String stoppedBecause() {
        return stoppedBecause;
    }
}
