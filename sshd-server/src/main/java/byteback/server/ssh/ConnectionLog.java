package byteback.server.ssh;

import byteback.server.metrics.Meters;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One log line when a connection ends: address, client, duration, how it ended. */
final class ConnectionLog implements SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionLog.class);
    private static final org.apache.sshd.common.AttributeRepository.AttributeKey<String> ERROR =
            new org.apache.sshd.common.AttributeRepository.AttributeKey<>();

    @Override
    public void sessionCreated(Session session) {
        session.setAttribute(Sessions.STARTED, System.nanoTime());
        // ConnectionLimiter is registered before this listener: a refused connection is counted there
        if (!ConnectionLimiter.wasRefused(session)) Meters.connectionOpened();
    }

    @Override
    public void sessionException(Session session, Throwable t) {
        session.setAttribute(ERROR, t.getClass().getSimpleName() + ": " + t.getMessage());
    }

    @Override
    public void sessionClosed(Session session) {
        if (ConnectionLimiter.wasRefused(session)) return; // counted in ConnectionLimiter's own lines
        Long started = session.getAttribute(Sessions.STARTED);
        long ms = started == null ? 0 : (System.nanoTime() - started) / 1_000_000;
        String client = session.getAttribute(Sessions.CLIENT);
        var invite = session.getAttribute(Sessions.INVITE);
        // a public-key query (no signature) already sets CLIENT: name a client only once it proved its key
        String who = !session.isAuthenticated() ? "-" : client != null ? client
                : invite != null ? "(invite " + invite.client() + ")" : "-";
        String error = session.getAttribute(ERROR);
        Meters.connectionClosed(session.isAuthenticated());
        LOG.info("connection client={} address={} duration={}ms result={}", who, address(session.getRemoteAddress()), ms,
                !session.isAuthenticated() ? "not authenticated" + (error != null ? " (" + error + ")" : "")
                        : error != null ? "ended: " + error : "closed");
    }

    private static String address(SocketAddress a) {
        return a instanceof InetSocketAddress i ? i.getAddress().getHostAddress() : String.valueOf(a);
    }
}
