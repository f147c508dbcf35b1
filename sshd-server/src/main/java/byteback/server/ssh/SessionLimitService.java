package byteback.server.ssh;

import java.io.IOException;
import org.apache.sshd.common.Service;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.server.session.AbstractServerSession;
import org.apache.sshd.server.session.ServerConnectionService;
import org.apache.sshd.server.session.ServerConnectionServiceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MINA's connection service with a limit on channels open at once per connection (OpenSSH's
 * MaxSessions). One more is refused with SSH_OPEN_RESOURCE_SHORTAGE and a message the client's
 * ssh prints; the connection and its other channels go on. (MINA's own MAX_CONCURRENT_CHANNELS
 * lets one channel too many in and then ends the whole connection with an exception.)
 */
final class SessionLimitService extends ServerConnectionService {
    private static final Logger LOG = LoggerFactory.getLogger(SessionLimitService.class);

    private final int maxSessions;

    private SessionLimitService(AbstractServerSession session, int maxSessions) throws SshException {
        super(session);
        this.maxSessions = maxSessions;
    }

    /** The factory to list in place of {@link ServerConnectionServiceFactory#INSTANCE}. */
    static ServerConnectionServiceFactory factory(int maxSessions) {
        return new ServerConnectionServiceFactory() {
            @Override
            public Service create(Session session) throws IOException {
                SessionLimitService service = new SessionLimitService((AbstractServerSession) session, maxSessions);
                service.addPortForwardingEventListenerManager(this);
                return service;
            }
        };
    }

    @Override
    protected void channelOpen(Buffer buffer) throws Exception {
        int start = buffer.rpos();
        String type = buffer.getString();
        long sender = buffer.getUInt();
        buffer.rpos(start);
        int open = getChannels().size();
        if (open >= maxSessions) {
            AbstractServerSession s = getSession();
            LOG.info("refused channel {} for client={} address={}: {} open, max-sessions is {}", type,
                    s.getAttribute(Sessions.CLIENT), ConnectionLimiter.address(s.getClientAddress()), open, maxSessions);
            sendChannelOpenFailure(buffer, sender, SshConstants.SSH_OPEN_RESOURCE_SHORTAGE,
                    "byteback: too many sessions on this connection (" + open + " open, the server allows "
                            + maxSessions + "); open a new connection", "");
            return;
        }
        super.channelOpen(buffer);
    }
}
