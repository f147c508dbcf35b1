package byteback.server;

import byteback.rsync.receiver.ReceiveListener;
import byteback.rsync.session.TransferStats;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Several {@link BackupHooks} as one, called in order. A hook that fails after the fact
 * (afterBackup, refused, ...) is logged and the others still run; a listener that throws before a
 * write ends the transfer, as it would alone.
 */
public final class AllHooks implements BackupHooks {
    private static final Logger LOG = LoggerFactory.getLogger(AllHooks.class);
    private final List<BackupHooks> hooks;

    private AllHooks(List<BackupHooks> hooks) {
        this.hooks = hooks;
    }

    /** The hooks as one (nulls and {@link BackupHooks#NONE} left out). */
    public static BackupHooks of(BackupHooks... hooks) {
        List<BackupHooks> list = new ArrayList<>();
        for (BackupHooks h : hooks) {
            if (h != null && h != NONE) list.add(h);
        }
        return list.size() == 1 ? list.get(0) : new AllHooks(List.copyOf(list));
    }

    @Override
    public ReceiveListener forBackup(String client) {
        List<ReceiveListener> listeners = new ArrayList<>();
        for (BackupHooks h : hooks) listeners.add(h.forBackup(client));
        return new ReceiveListener() {
            @Override
            public void receiving(TransferStats stats) {
                for (ReceiveListener l : listeners) l.receiving(stats);
            }

            @Override
            public void beforeWrite(long bytes) throws IOException {
                for (ReceiveListener l : listeners) l.beforeWrite(bytes);
            }

            @Override
            public void written(long bytes) {
                for (ReceiveListener l : listeners) l.written(bytes);
            }

            @Override
            public void metadata(long bytes) throws IOException {
                for (ReceiveListener l : listeners) l.metadata(bytes);
            }

            @Override
            public void changed() throws IOException {
                for (ReceiveListener l : listeners) l.changed();
            }

            @Override
            public String stoppedBecause() {
                for (ReceiveListener l : listeners) {
                    if (l.stoppedBecause() != null) return l.stoppedBecause();
                }
                return null;
            }
        };
    }

    @Override
    public void afterBackup(String client, int exitCode) {
        each(h -> h.afterBackup(client, exitCode));
    }

    @Override
    public void afterBackup(String client, int exitCode, String summary, long bytesReceived) {
        each(h -> h.afterBackup(client, exitCode, summary, bytesReceived));
    }

    @Override
    public void refused(String client, Refused what, Cause cause, String reason) {
        each(h -> h.refused(client, what, cause, reason));
    }

    @Override
    public void afterSnapshot(String client, Path snapshot) {
        each(h -> h.afterSnapshot(client, snapshot));
    }

    @Override
    public void snapshotRefused(String client, String reason) {
        each(h -> h.snapshotRefused(client, reason));
    }

    private void each(Consumer<BackupHooks> call) {
        for (BackupHooks h : hooks) {
            try {
                call.accept(h);
            } catch (RuntimeException e) {
                LOG.warn("{} failed: {}", h.getClass().getSimpleName(), e.toString(), e);
            }
        }
    }
}
