package byteback.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's own events as meters, in Micrometer's global registry: where nothing is exported
 * (no {@code serve --metrics}) every call costs next to nothing. Labels take values from small
 * fixed sets only, never from what a client sends.
 */
public final class Meters {
    private static final MeterRegistry REGISTRY = Metrics.globalRegistry;
    private static final AtomicInteger ACTIVE = new AtomicInteger();

    static {
        Gauge.builder("byteback.connections.active", ACTIVE, AtomicInteger::get)
                .description("SSH connections open now").register(REGISTRY);
        // the fixed label values exist from the start, at zero, so that rates and alerts work at once
        for (String reason : new String[] {"not_authenticated", "busy", "store", "request", "memory", "limit"}) refused(reason);
        for (String method : new String[] {"publickey", "password"}) authFailures(method);
        for (String mode : new String[] {"scheduled", "low_space_during_backup", "forced"}) prunes(mode);
    }

    private Meters() {}

    /** Makes the server's meters exist (at zero) before the first scrape. */
    public static void init() {
        // the static initialiser did it
    }

    /** A TCP connection was accepted. */
    public static void connectionOpened() {
        ACTIVE.incrementAndGet();
    }

    /** A connection ended; one that never authenticated counts as refused ({@code not_authenticated}). */
    public static void connectionClosed(boolean authenticated) {
        ACTIVE.decrementAndGet();
        if (!authenticated) connectionRefused("not_authenticated");
    }

    /**
     * A connection (or what it asked for) was refused. {@code reason} is one of a fixed set:
     * not_authenticated, busy (a backup of the client runs), store (the client's store is not in
     * order), request (a request that is not allowed, e.g. a destination outside the store), memory
     * (the file-list memory budget), limit (a connection limit), ...
     */
    public static void connectionRefused(String reason) {
        refused(reason).increment();
    }

    private static Counter refused(String reason) {
        return Counter.builder("byteback.connections.refused").description("connections or requests refused, by reason")
                .tag("reason", reason).register(REGISTRY);
    }

    /** A key or a password was rejected ({@code method}: publickey or password). */
    public static void authenticationFailed(String method) {
        authFailures(method).increment();
    }

    private static Counter authFailures(String method) {
        return Counter.builder("byteback.authentication.failures").description("keys and passwords rejected")
                .tag("method", method).register(REGISTRY);
    }

    /** The pruner deleted a snapshot ({@code mode}: why it ran, e.g. scheduled). */
    public static void pruned(String mode) {
        prunes(mode).increment();
    }

    private static Counter prunes(String mode) {
        return Counter.builder("byteback.prunes").description("snapshots deleted by pruning")
                .tag("mode", mode).register(REGISTRY);
    }
}
