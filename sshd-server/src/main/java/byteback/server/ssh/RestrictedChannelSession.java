package byteback.server.ssh;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.common.channel.RequestHandler;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A session channel that allows exec and nothing interactive: pty, subsystems other than the
 * read-only "sftp" view (and that one too for an invite login), agent and X11 forwarding are
 * refused (OpenSSH's client then says which request failed) and logged; a shell gets
 * {@link RefusedCommand} from the shell factory, which says why.
 */
final class RestrictedChannelSession extends ChannelSession {
    private static final Logger LOG = LoggerFactory.getLogger(RestrictedChannelSession.class);

    static final ChannelFactory FACTORY = new ChannelFactory() {
        @Override
        public String getName() {
            return "session";
        }

        @Override
        public Channel createChannel(Session session) {
            return new RestrictedChannelSession();
        }
    };

    /** Set once a pty was asked for: OpenSSH sends the command without waiting for the answer. */
    private volatile boolean ptyRequested;

    @Override
    protected RequestHandler.Result handlePtyReqParsed(String term, int cols, int rows, int w, int h,
            Map<PtyMode, Integer> modes) {
        log("pty");
        ptyRequested = true;
        return RequestHandler.Result.ReplyFailure;
    }

    @Override
    protected RequestHandler.Result handleExecParsed(String request, String command) throws IOException {
        if (ptyRequested) return refuseAfterPty(request);
        return super.handleExecParsed(request, command);
    }

    @Override
    protected RequestHandler.Result handleShellParsed(String request) throws IOException {
        if (ptyRequested) return refuseAfterPty(request);
        return super.handleShellParsed(request);
    }

    private RequestHandler.Result refuseAfterPty(String request) throws IOException {
        return prepareChannelCommand(request, new RefusedCommand("no pty on this server, and nothing runs on a"
                + " channel that asked for one (do not use ssh -t)"));
    }

    @Override
    protected RequestHandler.Result handleSubsystemParsed(String request, String subsystem) throws IOException {
        ServerSession s = getServerSession();
        if ("sftp".equals(subsystem) && !ptyRequested && s.getAttribute(Sessions.CLIENT) != null
                && s.getAttribute(Sessions.INVITE) == null) {
            return super.handleSubsystemParsed(request, subsystem);
        }
        log("subsystem " + subsystem);
        return RequestHandler.Result.ReplyFailure;
    }

    @Override
    protected RequestHandler.Result handleAgentForwardingParsed(String requestType) {
        log("agent forwarding");
        return RequestHandler.Result.ReplyFailure;
    }

    @Override
    protected RequestHandler.Result handleX11ForwardingParsed(String requestType, ServerSession session,
            boolean singleConnection, String authProtocol, String authCookie, int screenId) {
        log("X11 forwarding");
        return RequestHandler.Result.ReplyFailure;
    }

    private void log(String what) {
        ServerSession s = getServerSession();
        LOG.info("refused {} for client={} address={}", what, s.getAttribute(Sessions.CLIENT),
                ((InetSocketAddress) s.getClientAddress()).getAddress().getHostAddress());
    }
}
