package byteback.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ssh -A} with a running ssh-agent: the server refuses the agent forwarding request (and
 * logs it), never opens an agent channel back to the client, and the command itself still runs.
 */
class AgentForwardingTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");

    @Test
    void agentForwardingIsRefused() throws Exception {
        ClientKey key = ClientKey.create(server.scratch(), "agented");
        server.enrol("agented", key);
        Path sock = server.scratch().resolve("agent.sock");
        Process agent = new ProcessBuilder("ssh-agent", "-D", "-a", sock.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        PrintStream realErr = System.err;
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1); // a hang guard, not a timing
            while (!Files.exists(sock) && agent.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
            assertTrue(Files.exists(sock), "ssh-agent did not start");
            Map<String, String> env = Map.of("SSH_AUTH_SOCK", sock.toString());
            assertEquals(0, Cmd.run(List.of("ssh-add", key.file().toString()), env, null, 30).exit(),
                    "the agent holds a key to forward");
            List<String> cmd = server.sshBase(key);
            cmd.addAll(List.of("-A", "-v", "byteback@127.0.0.1", "byteback-receive", "--ping"));
            System.setErr(new PrintStream(new TeeStream(realErr, log), true, StandardCharsets.UTF_8));
            Cmd.Result r = Cmd.run(cmd, env, null, 60);
            System.setErr(realErr);
            assertEquals(0, r.exit(), "the command runs without the agent: " + r);
            assertTrue(r.err().contains("Requesting authentication agent forwarding"),
                    "the client asked for agent forwarding: " + r);
            assertFalse(r.err().contains("auth-agent@openssh.com"), "the server opened an agent channel: " + r);
            String serverLog = log.toString(StandardCharsets.UTF_8);
            assertTrue(serverLog.contains("refused agent forwarding for client=agented"), serverLog);
        } finally {
            System.setErr(realErr);
            agent.destroy();
            if (!agent.waitFor(10, TimeUnit.SECONDS)) agent.destroyForcibly().waitFor();
            Files.deleteIfExists(sock);
        }
    }

    /** Writes to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int x) throws java.io.IOException {
            a.write(x);
            b.write(x);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
