package byteback.server.metrics;

import byteback.server.status.Attempt;
import byteback.server.status.ClientStatus;
import byteback.server.status.StatusReader;
import byteback.server.store.Store;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Per-client gauges read from the attempt records (the same as {@code status} shows), refreshed
 * before each scrape: one set per enrolled client (ROOT/name/current), removed when the client is.
 * Times are Unix seconds; a value that does not exist (never backed up) is NaN, which Prometheus
 * shows as such.
 */
final class ClientGauges {
    private static final Logger LOG = LoggerFactory.getLogger(ClientGauges.class);

    private final Store store;
    private final StatusReader reader;
    private final MeterRegistry registry;
    private final Map<String, ClientStatus> latest = new HashMap<>();
    private final Map<String, List<Meter>> meters = new HashMap<>();
    private Instant readAt = Instant.EPOCH;

    ClientGauges(Store store, StatusReader reader, MeterRegistry registry) {
        this.store = store;
        this.reader = reader;
        this.registry = registry;
    }

    /** Reads every client's records again and adds or removes their gauges. */
    synchronized void refresh() {
        List<String> clients;
        try {
            clients = store.clients();
        } catch (IOException e) {
            LOG.warn("metrics: cannot list the clients of {}: {}", store.root(), e.toString());
            return;
        }
        readAt = Instant.now();
        for (String c : clients) {
            try {
                latest.put(c, reader.client(c, readAt));
            } catch (IOException | RuntimeException e) {
                LOG.warn("metrics: cannot read the records of {}: {}", c, e.toString());
            }
            meters.computeIfAbsent(c, this::register);
        }
        for (String gone : Set.copyOf(meters.keySet())) {
            if (!clients.contains(gone)) {
                meters.remove(gone).forEach(registry::remove);
                latest.remove(gone);
            }
        }
    }

    private List<Meter> register(String client) {
        List<Meter> m = new ArrayList<>();
        m.add(gauge("byteback.client.last.success.timestamp", "seconds", "when the client was last backed up (end of its last successful backup or its newest snapshot)",
                client, s -> seconds(s.lastBackedUp())));
        m.add(gauge("byteback.client.last.attempt.timestamp", "seconds", "when the client's last attempt began",
                client, s -> s.running() != null ? seconds(s.running().started())
                        : s.lastAttempt() == null ? Double.NaN : seconds(s.lastAttempt().started())));
        for (Attempt.Result r : Attempt.Result.values()) {
            m.add(Gauge.builder("byteback.client.last.attempt.result", this, g -> g.value(client, s -> result(s) == r ? 1 : 0))
                    .description("1 for the result of the client's last attempt (running and abandoned included), 0 for the others")
                    .tags("client", client, "result", r.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
        }
        m.add(gauge("byteback.client.last.backup.duration", "seconds", "how long the client's last backup that ended took",
                client, s -> s.lastBackup() == null ? Double.NaN : s.lastBackup().duration(readAt).toMillis() / 1000.0));
        m.add(gauge("byteback.client.last.backup.written", "bytes", "bytes written by the client's last backup that ended",
                client, s -> s.lastBackup() == null ? Double.NaN : s.lastBackup().bytesWritten()));
        m.add(gauge("byteback.client.last.backup.received", "bytes", "bytes received by the client's last backup that ended",
                client, s -> s.lastBackup() == null ? Double.NaN : s.lastBackup().bytesReceived()));
        m.add(gauge("byteback.client.last.backup.files", null, "files received by the client's last backup that ended",
                client, s -> s.lastBackup() == null ? Double.NaN : s.lastBackup().files()));
        m.add(gauge("byteback.client.snapshots", null, "the client's snapshots", client, s -> s.snapshots()));
        m.add(gauge("byteback.client.oldest.snapshot.timestamp", "seconds", "the time of the client's oldest snapshot",
                client, s -> seconds(s.oldestTime())));
        m.add(gauge("byteback.client.disc.referenced", "bytes", "bytes referenced by the client's current (btrfs quotas;"
                + " NaN when quotas are off)", client, s -> quota(s, false)));
        m.add(gauge("byteback.client.disc.exclusive", "bytes", "exclusive bytes of all the client's subvolumes (btrfs"
                + " quotas; NaN when quotas are off)", client, s -> quota(s, true)));
        return m;
    }

    private static double quota(ClientStatus s, boolean exclusive) {
        if (s.disc().method() != byteback.server.status.DiscUse.Method.QGROUPS) return Double.NaN;
        return exclusive ? s.disc().exclusive() : s.disc().referenced();
    }

    private Gauge gauge(String name, String unit, String description, String client, ToDoubleFunction<ClientStatus> f) {
        return Gauge.builder(name, this, g -> g.value(client, f)).baseUnit(unit).description(description)
                .tag("client", client).register(registry);
    }

    private synchronized double value(String client, ToDoubleFunction<ClientStatus> f) {
        ClientStatus s = latest.get(client);
        return s == null ? Double.NaN : f.applyAsDouble(s);
    }

    private static Attempt.Result result(ClientStatus s) {
        if (s.running() != null) return s.running().result();
        return s.lastAttempt() == null ? null : s.lastAttempt().result();
    }

    private static double seconds(Instant t) {
        return t == null ? Double.NaN : t.toEpochMilli() / 1000.0;
    }
}
