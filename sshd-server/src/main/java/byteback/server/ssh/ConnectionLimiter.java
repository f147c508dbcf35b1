package byteback.server.ssh;

import byteback.server.metrics.Meters;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies {@link ConnectionLimits} to MINA's sessions: a connection over a limit is closed as soon
 * as it is accepted, before any buffer is allocated for it or anything is read (as OpenSSH drops
 * connections past MaxStartups). Refusals are logged at most once a second, with their count.
 */
final class ConnectionLimiter implements SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);
    private static final long LOG_EVERY_NANOS = 1_000_000_000L;

    /** An admitted connection's state: 0 unauthenticated, 1 authenticated, 2 ended. */
    private record Admitted(String address, AtomicInteger state) {}

    private static final AttributeKey<Admitted> ADMITTED = new AttributeKey<>();

    private final ConnectionGate gate;
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong lastLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);

    ConnectionLimiter(ConnectionLimits limits) {
        this.gate = new ConnectionGate(limits, n -> ThreadLocalRandom.current().nextInt(n));
    }

    ConnectionGate gate() {
        return gate;
    }

    @Override
    public void sessionCreated(Session session) {
        String address = address(session.getRemoteAddress());
        String why = gate.admit(address);
        if (why != null) {
            noteRefusal(address, why);
            Meters.connectionRefused("limit");
            // MINA closes the socket when a listener throws here (Nio2Acceptor: "fail fast")
            throw new ConnectionRefusedException(why);
        }
        session.setAttribute(ADMITTED, new Admitted(address, new AtomicInteger()));
    }

    @Override
    public void sessionEvent(Session session, Event event) {
        if (event != Event.Authenticated) return;
        Admitted a = session.getAttribute(ADMITTED);
        if (a != null && a.state().compareAndSet(0, 1)) gate.authenticated(a.address());
    }

    @Override
    public void sessionClosed(Session session) {
        Admitted a = session.getAttribute(ADMITTED);
        if (a == null) return;
        int was = a.state().getAndSet(2);
        if (was != 2) gate.closed(a.address(), was == 1);
    }

    /** Whether this session was refused by a limit (the connection log leaves those out). */
    static boolean wasRefused(Session session) {
        return session.getAttribute(ADMITTED) == null;
    }

    private void noteRefusal(String address, String why) {
        long n = refused.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastLog.compareAndSet(last, now)) {
            refused.addAndGet(-n);
            LOG.warn("connection address={} refused: {} ({} refused since the last such line; {} unauthenticated and"
                    + " {} connections held)", address, why, n, gate.startups(), gate.connections());
        }
    }

    static String address(SocketAddress a) {
        return a instanceof InetSocketAddress i && i.getAddress() != null ? i.getAddress().getHostAddress() : String.valueOf(a);
    }

    /** Thrown from sessionCreated so that MINA closes the connection at once. */
    static final class ConnectionRefusedException extends RuntimeException {
        ConnectionRefusedException(String message) {
            super(message, null, false, false);
        }
    }
}
