package byteback.server.metrics;

import byteback.btrfs.Btrfs;
import byteback.btrfs.SpaceUsage;
import byteback.rsync.memory.MemoryBudget;
import byteback.server.prune.PruningFlag;
import byteback.server.status.DiscUsage;
import byteback.server.status.StatusReader;
import byteback.server.store.Store;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code serve --metrics ADDRESS:PORT}: Prometheus's text format at {@code /metrics}, through the
 * JDK's HTTP server and Micrometer's Prometheus registry. Per client, what the attempt records say;
 * per server, connections, refusals, authentication failures, prunes, the store's free space, the
 * file-list memory budget and the JVM's memory. A few requests at a time, each limited in time.
 */
public final class MetricsEndpoint implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsEndpoint.class);
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** Requests served at once. */
    private static final int THREADS = 4;

    private final HttpServer http;
    private final ExecutorService thread;
    private final PrometheusMeterRegistry registry;

    private MetricsEndpoint(HttpServer http, ExecutorService thread, PrometheusMeterRegistry registry) {
        this.http = http;
        this.thread = thread;
        this.registry = registry;
    }

    /** Starts serving on {@code address} (port 0: any free port). */
    public static MetricsEndpoint start(InetSocketAddress address, Store store, MemoryBudget memory) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Metrics.addRegistry(registry);
        Meters.init();
        Btrfs btrfs = new Btrfs();
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        Gauge.builder("byteback.store.free", store, s -> space(btrfs, s, false)).baseUnit("bytes")
                .description("bytes of the store's filesystem available for backups").register(registry);
        Gauge.builder("byteback.store.size", store, s -> space(btrfs, s, true)).baseUnit("bytes")
                .description("size of the store's filesystem").register(registry);
        Gauge.builder("byteback.store.pruning", store, s -> PruningFlag.isSetIn(s.stateDir()) ? 1 : 0)
                .description("1 while the server prunes (free space fell to the low mark, not yet back to the high mark)")
                .register(registry);
        Gauge.builder("byteback.filelist.memory.used", memory, MemoryBudget::reserved).baseUnit("bytes")
                .description("file-list memory held by all connections (the shared budget in use)").register(registry);
        Gauge.builder("byteback.filelist.memory.limit", memory, MemoryBudget::capacity).baseUnit("bytes")
                .description("the file-list memory budget of all connections (serve --memory-budget)").register(registry);
        ClientGauges clients = new ClientGauges(store,
                new StatusReader(store, btrfs, new DiscUsage(store, btrfs, 0), Clock.systemUTC()), registry);
        clients.refresh();

        // a peer that sends its request (or reads the answer) slowly holds a thread, at most this long
        // (the JDK's server reads these once, when its first server is made); the other threads serve
        // the scrapers meanwhile
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "10"));
        System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "30"));
        HttpServer http = HttpServer.create(address, 8);
        ExecutorService thread = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "byteback-metrics");
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(thread);
        http.createContext("/metrics", exchange -> {
            try (exchange) {
                if (!exchange.getRequestMethod().equals("GET") && !exchange.getRequestMethod().equals("HEAD")) {
                    send(exchange, 405, "GET only\n");
                    return;
                }
                clients.refresh();
                send(exchange, 200, registry.scrape());
            } catch (IOException | RuntimeException e) {
                LOG.warn("metrics: scrape failed: {}", e.toString());
            }
        });
        http.createContext("/", exchange -> {
            try (exchange) {
                send(exchange, 404, "byteback: metrics are at /metrics\n");
            }
        });
        http.start();
        MetricsEndpoint endpoint = new MetricsEndpoint(http, thread, registry);
        LOG.info("metrics at http://{}:{}/metrics", address.getHostString(), endpoint.port());
        return endpoint;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status == 200 ? CONTENT_TYPE : "text/plain; charset=utf-8");
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static double space(Btrfs btrfs, Store store, boolean total) {
        try {
            SpaceUsage u = btrfs.space(store.root());
            return total ? u.totalBytes() : u.availableBytes();
        } catch (IOException e) {
            return Double.NaN;
        }
    }

    @Override
    public void close() {
        http.stop(0);
        thread.shutdownNow();
        Metrics.removeRegistry(registry);
        registry.close();
    }
}
