package byteback.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import byteback.it.support.TreeSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestInstance;

/**
 * Everything that is not an allowed command from an enrolled key is refused, with a message, and
 * leaves the store exactly as it was.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RefusalsTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");
    private ClientKey alice;
    private ClientKey stranger;
    private ClientKey nameless;
    private ClientKey elsewhere;
    private Path source;

    @BeforeAll
    void start() throws Exception {
        alice = ClientKey.create(server.scratch(), "alice");
        stranger = ClientKey.create(server.scratch(), "stranger");
        nameless = ClientKey.create(server.scratch(), "nameless");
        elsewhere = ClientKey.create(server.scratch(), "elsewhere");
        server.enrol("alice", alice);
        server.enrol("elsewhere", elsewhere, "--from", "192.0.2.0/24,!127.0.0.1");
        Files.writeString(server.root().resolve(".ssh/authorized_keys"),
                "command=\"byteback-receive\",from=\"127.0.0.1\" " + nameless.publicLine() + "\n",
                java.nio.file.StandardOpenOption.APPEND);
        source = server.scratch().resolve("src");
        Files.createDirectories(source.resolve("d"));
        Files.writeString(source.resolve("d/file"), "data\n");
    }

    /**
     * Runs the attempt and checks the whole store is unchanged by it, but for the server's own state
     * in .byteback/, where the refusal goes on the client's record (status).
     */
    private Cmd.Result unchanged(Attempt attempt) throws Exception {
        TreeSnapshot before = TreeSnapshot.of(server.root());
        Cmd.Result r = attempt.run();
        TreeSnapshot after = TreeSnapshot.of(server.root());
        assertEquals(withoutState(before), withoutState(after), "the store changed: " + r + "\n" + before.diff(after));
        assertNotEquals(0, r.exit(), r.toString());
        return r;
    }

    private static java.util.Map<String, TreeSnapshot.Entry> withoutState(TreeSnapshot t) {
        java.util.Map<String, TreeSnapshot.Entry> m = new java.util.TreeMap<>(t.entries());
        m.keySet().removeIf(k -> k.equals(".byteback") || k.startsWith(".byteback/"));
        return m;
    }

    private interface Attempt {
        Cmd.Result run() throws Exception;
    }

    @Test
    void theEnrolledKeyWorks() throws Exception {
        assertEquals(0, server.ssh(alice, "byteback-receive", "--ping").exit());
    }

    @Test
    void unknownKey() throws Exception {
        Cmd.Result r = unchanged(() -> server.ssh(stranger, "byteback-receive", "--complete"));
        assertTrue(r.err().contains("Permission denied"), r.toString());
    }

    @Test
    void keyWithoutClientName() throws Exception {
        Cmd.Result r = unchanged(() -> server.ssh(nameless, "byteback-receive", "--complete"));
        assertTrue(r.err().contains("Permission denied"), r.toString());
    }

    @Test
    void wrongFrom() throws Exception {
        Cmd.Result r = unchanged(() -> server.ssh(elsewhere, "byteback-receive", "--complete"));
        assertTrue(r.err().contains("Permission denied"), r.toString());
    }

    @Test
    void theLoginNameDoesNotChooseTheClient() throws Exception {
        List<String> cmd = server.sshBase(stranger);
        cmd.addAll(List.of("alice@127.0.0.1", "byteback-receive", "--complete"));
        unchanged(() -> Cmd.run(cmd));
    }

    @Test
    void shell() throws Exception {
        Cmd.Result r = unchanged(() -> server.ssh(alice));
        assertTrue(r.err().contains("no shell"), r.toString());
    }

    @Test
    void pty() throws Exception {
        Cmd.Result r = unchanged(() -> {
            List<String> cmd = server.sshBase(alice);
            cmd.addAll(List.of("-tt", "byteback@127.0.0.1", "byteback-receive", "--complete"));
            return Cmd.run(cmd);
        });
        assertTrue(r.err().contains("PTY allocation request failed"), r.toString());
    }

    @Test
    void subsystem() throws Exception {
        Cmd.Result r = unchanged(() -> server.ssh(alice, "-s", "netconf")); // sftp is served (read-only browsing)
        assertTrue(r.err().contains("subsystem"), r.toString());
    }

    @Test
    void localForwarding() throws Exception {
        Cmd.Result r = unchanged(() -> {
            List<String> cmd = server.sshBase(alice);
            cmd.addAll(List.of("-W", "127.0.0.1:" + server.port(), "byteback@127.0.0.1"));
            return Cmd.run(cmd);
        });
        assertTrue(r.err().contains("open failed"), r.toString());
    }

    @Test
    void remoteForwarding() throws Exception {
        Cmd.Result r = unchanged(() -> {
            List<String> cmd = server.sshBase(alice);
            cmd.addAll(List.of("-R", "0:127.0.0.1:9", "-o", "ExitOnForwardFailure=yes", "byteback@127.0.0.1",
                    "byteback-receive", "--complete"));
            return Cmd.run(cmd);
        });
        assertTrue(r.err().contains("remote port forwarding failed"), r.toString());
    }

    @Test
    void x11Forwarding() throws Exception {
        List<String> cmd = server.sshBase(alice);
        cmd.addAll(List.of("-X", "byteback@127.0.0.1", "byteback-receive", "--ping"));
        Cmd.Result r = Cmd.run(cmd, java.util.Map.of("DISPLAY", "127.0.0.1:99"), null, 60);
        assertTrue(r.err().contains("X11 forwarding request failed"), r.toString());
    }

    @Test
    void otherCommands() throws Exception {
        for (String c : List.of("id", "sh -c id", "rsync --server --sender -logDtpre.iLsfxCIvu . /", "scp -t /tmp",
                "byteback-receive --complete; id", "byteback-receive --list --bogus x", "byteback-restore x",
                "byteback-setup-client-receive evil ssh-ed25519 AAAA")) {
            Cmd.Result r = unchanged(() -> server.ssh(alice, c));
            assertTrue(r.err().contains("byteback: "), c + ": " + r);
        }
    }

    @Test
    void destinationsOutsideCurrent() throws Exception {
        Path outside = server.scratch().resolve("outside-" + System.nanoTime());
        for (String dest : List.of("../escape", "sub/../../escape", outside.toString(), "/")) {
            Cmd.Result r = unchanged(() -> rsync(dest));
            assertTrue(r.err().contains("refused"), dest + ": " + r);
        }
        assertFalse(Files.exists(outside));
        assertFalse(Files.exists(server.root().resolve("alice/escape")));
        assertFalse(Files.exists(server.root().resolve("escape")));
    }

    private Cmd.Result rsync(String dest) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("rsync", "--archive", "--xattrs", "--numeric-ids", "--delete-excluded",
                "--delete-during", "--inplace", "--relative", "--timeout", "60", "--rsync-path", "rsync --fake-super",
                "-e", server.rsh(alice), source.toString(), "byteback@127.0.0.1:" + dest));
        return Cmd.run(cmd);
    }
}
