package byteback.server.metrics;

import byteback.rsync.receiver.ReceiveListener;
import byteback.rsync.protocol.ExitCode;
import byteback.rsync.session.TransferStats;
import byteback.server.BackupHooks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-client counters that move as backups run: bytes written into the store (while they are
 * written), bytes and files received, backups by result and their durations, refusals. Clients
 * are only ever enrolled names (the hooks run after authentication), so labels stay bounded.
 */
public final class BackupMetrics implements BackupHooks {
    private final MeterRegistry registry;
    private final Map<String, Running> running = new ConcurrentHashMap<>();

    private record Running(long startNanos, TransferStats[] stats) {}

    public BackupMetrics() {
        this(Metrics.globalRegistry);
    }

    public BackupMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ReceiveListener forBackup(String client) {
        Running r = new Running(System.nanoTime(), new TransferStats[1]);
        running.put(client, r);
        Counter written = counter("byteback.client.written.bytes", "bytes of file data written into the store", client);
        return new ReceiveListener() {
            @Override
            public void receiving(TransferStats stats) {
                r.stats()[0] = stats;
            }

            @Override
            public void written(long bytes) {
                written.increment(bytes);
            }
        };
    }

    @Override
    public void afterBackup(String client, int exitCode, String summary, long bytesReceived) {
        Running r = running.remove(client);
        boolean ok = exitCode == ExitCode.OK || exitCode == ExitCode.VANISHED;
        String result = ok ? "success" : "failed";
        counter("byteback.client.received.bytes", "bytes received from the client over SSH during backups", client)
                .increment(bytesReceived);
        if (r != null && r.stats()[0] != null) {
            counter("byteback.client.received.files", "files received (transferred) during backups", client)
                    .increment(r.stats()[0].transferredFiles.get());
        }
        Counter.builder("byteback.client.backups").description("backups that ended, by result")
                .tags("client", client, "result", result).register(registry).increment();
        if (r != null) {
            Timer.builder("byteback.client.backup.duration").description("how long backups took")
                    .tags("client", client, "result", result).register(registry)
                    .record(Duration.ofNanos(System.nanoTime() - r.startNanos()));
        }
        if (exitCode == ExitCode.MALLOC) Meters.connectionRefused("memory");
    }

    @Override
    public void refused(String client, Refused what, Cause cause, String reason) {
        Meters.connectionRefused(cause.name().toLowerCase(java.util.Locale.ROOT));
        Counter.builder("byteback.client.refusals").description("backups and snapshots refused before they began")
                .tags("client", client, "what", what.name().toLowerCase(java.util.Locale.ROOT)).register(registry).increment();
    }

    @Override
    public void snapshotRefused(String client, String reason) {
        Counter.builder("byteback.client.refusals").description("backups and snapshots refused before they began")
                .tags("client", client, "what", "snapshot_interval").register(registry).increment();
    }

    @Override
    public void afterSnapshot(String client, java.nio.file.Path snapshot) {
        counter("byteback.client.snapshots.made", "snapshots made by --complete", client).increment();
    }

    private Counter counter(String name, String description, String client) {
        return Counter.builder(name).description(description).tag("client", client).register(registry);
    }
}
