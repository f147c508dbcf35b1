package byteback.client.ssh;

import byteback.client.ClientException;
import byteback.client.ExitCodes;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * One SSH connection to the backup server through Apache MINA SSHD's client, authenticated with
 * the client's key (or, for setup-client, an invite token as the password), the host key checked
 * against known_hosts. Exec channels carry the commands and the rsync streams.
 */
public final class SshConnection implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration AUTH_TIMEOUT = Duration.ofSeconds(60);

    /** How an unknown host key is treated. */
    public enum HostKeyPolicy {
        /** Refuse keys not in known_hosts (backups and restores). */
        STRICT,
        /** Record a key for a host not yet known (setup-client); a changed key is still refused. */
        RECORD_NEW
    }

    /** How to log in. */
    public sealed interface Login {
        record Key(KeyPair key, String file) implements Login {}
        record Password(String password) implements Login {}
    }

    private final SshClient client;
    private final ClientSession session;
    private final SshTarget target;

    private SshConnection(SshClient client, ClientSession session, SshTarget target) {
        this.client = client;
        this.session = session;
        this.target = target;
    }

    /** The host key accepted for the connection, and whether it was recorded now. */
    public record HostKeyEvent(PublicKey key, boolean recorded) {
        public String fingerprint() {
            return KeyUtils.getFingerPrint(key);
        }
    }

    /**
     * Connects and logs in. Every failure is a ClientException saying what went wrong in words
     * (exit status {@link ExitCodes#CONNECT}).
     */
    public static SshConnection open(SshTarget target, Login login, KnownHosts knownHosts, HostKeyPolicy policy,
            java.util.function.Consumer<HostKeyEvent> onHostKey) throws ClientException {
        SshClient client = SshClient.setUpDefaultClient();
        HostKeyVerifier verifier = new HostKeyVerifier(target, knownHosts, policy);
        client.setServerKeyVerifier(verifier);
        client.setCipherFactories(CipherPreference.factories());
        client.setKeyExchangeFactories(KexPreference.order(client.getKeyExchangeFactories()));
        preferKnownHostKeyTypes(client, target, knownHosts);
        client.setHostConfigEntryResolver(org.apache.sshd.client.config.hosts.HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(s -> List.of());
        if (login instanceof Login.Password) {
            client.setUserAuthFactories(List.of(new org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractiveFactory(),
                    UserAuthPasswordFactory.INSTANCE));
        } else {
            client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        }
        CoreModuleProperties.HEARTBEAT_INTERVAL.set(client, Duration.ofSeconds(60));
        CoreModuleProperties.PASSWORD_PROMPTS.set(client, 1);
        client.start();
        ClientSession session = null;
        try {
            try {
                session = client.connect(target.user(), target.host(), target.port()).verify(CONNECT_TIMEOUT).getSession();
            } catch (IOException | RuntimeException e) {
                throw connectFailure(target, e);
            }
            if (login instanceof Login.Key k) {
                session.addPublicKeyIdentity(k.key());
            } else if (login instanceof Login.Password p) {
                session.addPasswordIdentity(p.password());
            }
            try {
                session.auth().verify(AUTH_TIMEOUT);
            } catch (IOException | RuntimeException e) {
                if (verifier.refusal != null) throw verifier.refusal;
                String what = login instanceof Login.Key k
                        ? "the server " + target + " refused the key " + k.file()
                                + " (is this machine enrolled? run byteback-setup-client, or ask the administrator)"
                        : "the server " + target + " refused the invite token (expired, used, or mistyped?)";
                throw new ClientException(what, ExitCodes.CONNECT, e);
            }
            if (verifier.refusal != null) throw verifier.refusal;
            if (onHostKey != null && verifier.accepted != null) onHostKey.accept(verifier.accepted);
            return new SshConnection(client, session, target);
        } catch (ClientException e) {
            closeQuietly(session, client);
            if (verifier.refusal != null && e != verifier.refusal) throw verifier.refusal;
            throw e;
        } catch (RuntimeException e) {
            closeQuietly(session, client);
            throw new ClientException("SSH to " + target + " failed: " + e, ExitCodes.CONNECT, e);
        }
    }

    /**
     * As OpenSSH does: when known_hosts already has keys for the host, ask for those key types
     * first, so a server with several host keys shows the one we know.
     */
    private static void preferKnownHostKeyTypes(SshClient client, SshTarget target, KnownHosts knownHosts) {
        java.util.Set<String> known = new java.util.HashSet<>();
        try {
            for (HostKeyCheck.Known k : knownHosts.linesFor(target.host(), target.port())) {
                if (k.marker() == null) known.add(k.keyType());
            }
        } catch (IOException e) {
            return; // the verifier reports unreadable files
        }
        if (known.isEmpty()) return;
        var factories = new java.util.ArrayList<>(client.getSignatureFactories());
        factories.sort(java.util.Comparator.comparing(f -> isKnownType(f.getName(), known) ? 0 : 1));
        client.setSignatureFactories(factories);
    }

    private static boolean isKnownType(String algorithm, java.util.Set<String> knownKeyTypes) {
        for (String t : knownKeyTypes) {
            if (algorithm.equals(t) || (t.equals("ssh-rsa") && algorithm.startsWith("rsa-sha2-"))) return true;
        }
        return false;
    }

    private static ClientException connectFailure(SshTarget target, Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String why;
        if (root instanceof UnresolvedAddressException || root instanceof UnknownHostException) {
            why = "unknown host name " + target.host();
        } else if (root instanceof ConnectException || root instanceof NoRouteToHostException) {
            why = "cannot connect to " + target.host() + " port " + target.port() + ": "
                    + (root.getMessage() == null ? "connection refused" : root.getMessage());
        } else if (e instanceof SshException && root.getMessage() != null) {
            why = "SSH to " + target + " failed: " + root.getMessage();
        } else {
            why = "SSH to " + target + " failed: " + (root.getMessage() != null ? root.getMessage() : root.toString());
        }
        return new ClientException(why, ExitCodes.CONNECT, e);
    }

    public SshTarget target() {
        return target;
    }

    /** Starts {@code command} on the server (as ssh passes it: one string, split there). */
    public RemoteCommand exec(String command) throws IOException {
        return RemoteCommand.start(session, command);
    }

    /** Runs a command to its end; its output is returned (both streams, in order of arrival per stream). */
    public RemoteCommand.Result run(String command, Duration timeout) throws IOException {
        try (RemoteCommand c = exec(command)) {
            c.stdin().close();
            return c.collect(timeout);
        }
    }

    @Override
    public void close() {
        closeQuietly(session, client);
    }

    private static void closeQuietly(ClientSession session, SshClient client) {
        try {
            if (session != null) session.close(true);
        } catch (RuntimeException ignored) {
            // closing anyway
        }
        try {
            client.stop();
        } catch (RuntimeException ignored) {
            // closing anyway
        }
    }

    /** Reads the whole stream (small command outputs only). */
    static byte[] readAll(InputStream in) throws IOException {
        return in.readAllBytes();
    }

    /** Checks the server's key against known_hosts and remembers why it refused, for the message. */
    private static final class HostKeyVerifier implements org.apache.sshd.client.keyverifier.ServerKeyVerifier {
        private final SshTarget target;
        private final KnownHosts knownHosts;
        private final HostKeyPolicy policy;
        volatile ClientException refusal;
        volatile HostKeyEvent accepted;

        HostKeyVerifier(SshTarget target, KnownHosts knownHosts, HostKeyPolicy policy) {
            this.target = target;
            this.knownHosts = knownHosts;
            this.policy = policy;
        }

        @Override
        public boolean verifyServerKey(ClientSession s, SocketAddress remote, PublicKey key) {
            try {
                HostKeyCheck.Result r = HostKeyCheck.judge(knownHosts.linesFor(target.host(), target.port()), key);
                String fp = KeyUtils.getFingerPrint(key);
                String name = target.port() == 22 ? target.host() : "[" + target.host() + "]:" + target.port();
                switch (r.verdict()) {
                    case KNOWN -> {
                        accepted = new HostKeyEvent(key, false);
                        return true;
                    }
                    case CHANGED -> refusal = new ClientException("the host key of " + name + " has CHANGED: it is now "
                            + KeyUtils.getKeyType(key) + " " + fp + ", but " + r.evidence().source() + " has "
                            + KeyUtils.getFingerPrint(r.evidence().key()) + ". Someone may be intercepting the connection,"
                            + " or the server's key was replaced. If the change is expected, remove the old line for " + name
                            + " from " + r.evidence().source() + " and run byteback-setup-client again.", ExitCodes.CONNECT);
                    case REVOKED -> refusal = new ClientException("the host key of " + name + " (" + fp + ") is marked revoked in "
                            + r.evidence().source(), ExitCodes.CONNECT);
                    case OTHER_TYPE_KNOWN -> refusal = new ClientException("the server " + name + " offered a "
                            + KeyUtils.getKeyType(key) + " host key (" + fp + ") but " + r.evidence().source()
                            + " only knows its " + KeyUtils.getKeyType(r.evidence().key()) + " key; refusing it",
                            ExitCodes.CONNECT);
                    case UNKNOWN -> {
                        if (policy == HostKeyPolicy.RECORD_NEW) {
                            knownHosts.record(target.host(), target.port(), key);
                            accepted = new HostKeyEvent(key, true);
                            return true;
                        }
                        refusal = new ClientException("the host key of " + name + " (" + KeyUtils.getKeyType(key) + " " + fp
                                + ") is not known: it is recorded by byteback-setup-client in " + knownHosts.own()
                                + " (or add it to /etc/ssh/ssh_known_hosts after checking its fingerprint)", ExitCodes.CONNECT);
                    }
                }
                return false;
            } catch (IOException e) {
                refusal = new ClientException("cannot check the host key of " + target + ": " + e.getMessage(), ExitCodes.CONNECT, e);
                return false;
            }
        }
    }
}
