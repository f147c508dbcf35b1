package byteback.server.ssh;

import byteback.server.invite.Invites;
import byteback.server.metrics.Meters;
import java.net.InetSocketAddress;
import java.util.Optional;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Password (and keyboard-interactive) login, for invite tokens only: a session that logs in this
 * way may run nothing but byteback-setup-client-receive for the invited name.
 */
final class InviteAuthenticator implements PasswordAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(InviteAuthenticator.class);

    private final Invites invites;

    InviteAuthenticator(Invites invites) {
        this.invites = invites;
    }

    @Override
    public boolean authenticate(String username, String password, ServerSession session) {
        String address = ((InetSocketAddress) session.getClientAddress()).getAddress().getHostAddress();
        Optional<Invites.Invite> invite;
        try {
            invite = invites.check(password);
        } catch (Exception e) {
            LOG.warn("auth address={} invite refused: {}", address, e.toString());
            return false;
        }
        if (invite.isEmpty()) {
            Meters.authenticationFailed("password");
            LOG.info("auth address={} password refused: not an open invite token", address);
            return false;
        }
        session.removeAttribute(Sessions.CLIENT);
        session.removeAttribute(Sessions.KEY_LINE);
        session.setAttribute(Sessions.INVITE, invite.get());
        LOG.info("auth address={} invite for client={} accepted", address, invite.get().client());
        return true;
    }
}
