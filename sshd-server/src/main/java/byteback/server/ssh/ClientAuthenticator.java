package byteback.server.ssh;

import byteback.server.auth.AuthorizedKeysFile;
import byteback.server.auth.KeyDecision;
import byteback.server.metrics.Meters;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Public-key authentication against ROOT/.ssh/authorized_keys. The key alone decides the client
 * (the login name is ignored); the decision is kept on the session for the commands.
 */
final class ClientAuthenticator implements PublickeyAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(ClientAuthenticator.class);

    private final AuthorizedKeysFile keys;

    ClientAuthenticator(AuthorizedKeysFile keys) {
        this.keys = keys;
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        InetAddress address = ((InetSocketAddress) session.getClientAddress()).getAddress();
        KeyDecision d;
        try {
            ByteArrayBuffer buf = new ByteArrayBuffer();
            buf.putRawPublicKey(key);
            d = KeyDecision.decide(keys.keys(), buf.getCompactData(), address);
        } catch (Exception e) {
            LOG.warn("auth address={} key={} refused: cannot read {}: {}", address.getHostAddress(),
                    KeyUtils.getFingerPrint(key), keys.path(), e.toString());
            return false;
        }
        if (!d.accepted()) {
            Meters.authenticationFailed("publickey");
            LOG.info("auth address={} key={} refused: {}", address.getHostAddress(), KeyUtils.getFingerPrint(key), d.reason());
            return false;
        }
        // the last key that passes is the one the client proves it holds: later methods reset this
        session.removeAttribute(Sessions.INVITE);
        session.setAttribute(Sessions.CLIENT, d.client());
        session.setAttribute(Sessions.KEY_LINE, d.line());
        LOG.debug("auth address={} key={} client={} ({})", address.getHostAddress(), KeyUtils.getFingerPrint(key), d.client(), d.reason());
        return true;
    }
}
