package byteback.server.ssh;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * Counts connections and decides whether a new one may start ({@link ConnectionLimits}): the
 * unauthenticated ones overall and per address, and all of them. Pure but for the random drop,
 * whose source is given (a test passes a fixed one).
 */
final class ConnectionGate {
    private final ConnectionLimits limits;
    /** Given n, a uniform random number in [0, n). */
    private final IntUnaryOperator random;
    private final Map<String, Integer> startupsByAddress = new HashMap<>();
    private int startups;
    private int connections;

    ConnectionGate(ConnectionLimits limits, IntUnaryOperator random) {
        this.limits = limits;
        this.random = random;
    }

    /**
     * A connection from {@code address} arrives.
     *
     * @return null when it is let in (and counted as unauthenticated), else why not
     */
    synchronized String admit(String address) {
        if (connections >= limits.maxConnections()) {
            return "max-connections (" + limits.maxConnections() + ") reached";
        }
        int fromAddress = startupsByAddress.getOrDefault(address, 0);
        if (fromAddress >= limits.perAddress()) {
            return "per-address limit (" + limits.perAddress() + " unauthenticated) reached";
        }
        int p = limits.dropPercent(startups);
        if (p > 0 && random.applyAsInt(100) < p) {
            return "max-startups: " + startups + " unauthenticated connections (drop chance " + p + "%)";
        }
        startups++;
        connections++;
        startupsByAddress.put(address, fromAddress + 1);
        return null;
    }

    /** An admitted connection from {@code address} authenticated. */
    synchronized void authenticated(String address) {
        leaveStartups(address);
    }

    /** An admitted connection ended; {@code authenticated} says whether it had been counted as such. */
    synchronized void closed(String address, boolean authenticated) {
        if (!authenticated) leaveStartups(address);
        connections--;
    }

    private void leaveStartups(String address) {
        startups--;
        startupsByAddress.computeIfPresent(address, (a, n) -> n <= 1 ? null : n - 1);
    }

    synchronized int startups() {
        return startups;
    }

    synchronized int connections() {
        return connections;
    }

    synchronized int addressesHeld() {
        return startupsByAddress.size();
    }
}
