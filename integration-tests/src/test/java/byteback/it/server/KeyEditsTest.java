package byteback.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** authorized_keys is the truth, read for every connection: revokes and edits apply at once. */
class KeyEditsTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");

    @Test
    void enrolWritesTheOriginalsLineAndRevokeRemovesOnlyThatClient() throws Exception {
        ClientKey a = ClientKey.create(server.scratch(), "a");
        ClientKey b = ClientKey.create(server.scratch(), "b");
        server.enrol("alpha", a, "--from", "127.0.0.1");
        server.enrol("beta", b);
        List<String> lines = Files.readAllLines(server.root().resolve(".ssh/authorized_keys"));
        assertEquals("command=\"byteback-receive\",from=\"127.0.0.1\",environment=\"BYTEBACK_HOST=alpha\" " + a.publicLine(), lines.get(0));
        assertEquals(0, server.ssh(a, "byteback-receive", "--ping").exit());
        assertEquals(0, server.ssh(b, "byteback-receive", "--ping").exit());

        assertEquals(0, server.cli("revoke", "--root", server.root().toString(), "--name", "alpha"));
        assertRefusedAtLogin(server.ssh(a, "byteback-receive", "--ping"));
        assertEquals(0, server.ssh(b, "byteback-receive", "--ping").exit());
        assertTrue(Files.isDirectory(server.root().resolve("alpha/current")), "revoke keeps the data");
        assertEquals(1, server.cli("revoke", "--root", server.root().toString(), "--name", "alpha"));
        assertEquals(1, server.cli("enrol", "--root", server.root().toString(), "--name", "beta2", "--key", b.pub().toString()));
    }

    @Test
    void handEditsApplyToTheNextConnection() throws Exception {
        ClientKey k = ClientKey.create(server.scratch(), "k");
        server.enrol("gamma", k);
        Path file = server.root().resolve(".ssh/authorized_keys");
        assertEquals(0, server.ssh(k, "byteback-receive", "--ping").exit());

        Files.writeString(file, "from=\"10.9.9.9\",environment=\"BYTEBACK_HOST=gamma\" " + k.publicLine() + "\n");
        assertRefusedAtLogin(server.ssh(k, "byteback-receive", "--ping"));

        Files.writeString(file, "from=\"10.9.9.9,127.0.0.*\",environment=\"BYTEBACK_HOST=gamma\" " + k.publicLine() + "\n");
        assertEquals(0, server.ssh(k, "byteback-receive", "--ping").exit());

        // the same key moved to another client name: now it reaches that client only
        Files.writeString(file, "environment=\"BYTEBACK_HOST=delta\" " + k.publicLine() + "\n");
        Cmd.Result r = server.ssh(k, "byteback-receive", "--ping");
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.err().contains("the store for client \"delta\" does not exist on the server"), r.toString());
        Cmd.Result c = server.ssh(k, "byteback-receive", "--complete");
        assertEquals(1, c.exit(), c.toString());
        assertTrue(c.err().contains("the store for client \"delta\" does not exist on the server"), c.toString());
        assertFalse(Files.exists(server.root().resolve("delta")), "a client's store is made by enrolling, not by connecting");
        try (var entries = Files.list(server.root().resolve("gamma"))) {
            assertEquals(List.of("current"), entries.map(p -> p.getFileName().toString()).toList());
        }

        Files.writeString(file, "");
        assertRefusedAtLogin(server.ssh(k, "byteback-receive", "--ping"));
    }

    /** The key itself was refused (ssh's exit 255 and its message), not some other failure. */
    private static void assertRefusedAtLogin(Cmd.Result r) {
        assertEquals(255, r.exit(), r.toString());
        assertTrue(r.err().contains("Permission denied (") && r.err().contains("publickey)"), r.toString());
    }
}
