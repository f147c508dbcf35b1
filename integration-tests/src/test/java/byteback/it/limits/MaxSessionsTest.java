package byteback.it.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.ServerFixture;
import byteback.server.ssh.ByteBackServer;
import byteback.server.ssh.ConnectionLimits;
import byteback.server.store.Store;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelSession;
import org.apache.sshd.client.channel.ClientChannel;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.keyverifier.AcceptAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14 item 5: one authenticated connection may not open channels without limit (each could
 * buffer the 4 MiB window before its exec request). With --max-sessions 3, a fourth channel is
 * refused with a message and the connection's other channels still work.
 */
class MaxSessionsTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G", root -> ByteBackServer.Settings.of(new Store(root), 0)
            .withLimits(ConnectionLimits.DEFAULTS.withMaxSessions(3)));

    @Test
    void channelsBeyondTheLimitAreRefusedAndTheConnectionGoesOn() throws Exception {
        ClientKey key = ClientKey.create(server.scratch(), "k");
        server.enrol("alpha", key);
        try (SshClient client = SshClient.setUpDefaultClient()) {
            client.setServerKeyVerifier(AcceptAllServerKeyVerifier.INSTANCE);
            client.setKeyIdentityProvider(new FileKeyPairProvider(key.file()));
            client.start();
            try (ClientSession session = client.connect("byteback", "127.0.0.1", server.port())
                    .verify(Duration.ofSeconds(20)).getSession()) {
                session.auth().verify(Duration.ofSeconds(20));
                // three channels opened and held without an exec request: the attack's shape
                List<ClientChannel> held = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    ClientChannel c = bareSession(session);
                    c.open().verify(Duration.ofSeconds(20));
                    held.add(c);
                }
                ClientChannel extra = bareSession(session);
                Exception e = assertThrows(Exception.class, () -> extra.open().verify(Duration.ofSeconds(20)));
                Throwable cause = e;
                while (cause != null && !(cause instanceof SshChannelOpenException)) cause = cause.getCause();
                assertTrue(cause instanceof SshChannelOpenException, e.toString());
                assertTrue(cause.getMessage().contains("too many sessions on this connection (3 open, the server allows 3)"),
                        cause.getMessage());
                assertTrue(session.isOpen(), "the connection itself goes on");

                // close one: a command on a new channel of the same connection works
                held.remove(0).close(false).await(Duration.ofSeconds(20));
                assertEquals(0, pingOnce(session), "a command on a new channel of the same connection");
            }
        }
    }

    /** A session channel that sends no request once open (MINA's client has no factory method for one). */
    private static ClientChannel bareSession(ClientSession session) throws Exception {
        ChannelSession c = new ChannelSession();
        session.getService(ConnectionService.class).registerChannel(c);
        return c;
    }

    /**
     * Runs byteback-receive --ping on a new channel; the server forgets a closed channel a moment
     * after the client does, so an open refused for the limit is tried again (a condition, not a time).
     */
    private static int pingOnce(ClientSession session) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try (ClientChannel ping = session.createExecChannel("byteback-receive --ping")) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                ping.setOut(out);
                ping.setErr(out);
                try {
                    ping.open().verify(Duration.ofSeconds(20));
                } catch (SshException e) {
                    if (System.nanoTime() > deadline) throw e;
                    Thread.sleep(20);
                    continue;
                }
                ping.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), Duration.ofSeconds(30));
                assertTrue(out.toString().contains("ping ok") || ping.getExitStatus() == 0, out.toString());
                return ping.getExitStatus();
            }
        }
    }
}
