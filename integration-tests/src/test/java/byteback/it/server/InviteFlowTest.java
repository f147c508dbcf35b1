package byteback.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import byteback.it.support.ServerJar;
import byteback.btrfs.Btrfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The original byteback-setup-client flow: the client logs in with the invite token as its SSH
 * password and runs byteback-setup-client-receive NAME PUBKEY; then its key works, from= its
 * address, and the token is spent.
 */
class InviteFlowTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");

    private String invite(String name) throws Exception {
        Cmd.Result r = Cmd.run(ServerJar.command("invite", "--root", server.root().toString(), "--name", name, "--ttl", "1h")).ok();
        String token = r.out().strip();
        assertTrue(token.matches("[A-Za-z0-9_-]{20,}"), r.toString());
        return token;
    }

    /** ssh as byteback-setup-client runs it, answering the password prompt with the token. */
    private Cmd.Result withPassword(String password, String... command) throws Exception {
        Path askpass = server.scratch().resolve("askpass-" + System.nanoTime());
        Path secret = server.scratch().resolve("secret-" + System.nanoTime());
        Files.writeString(secret, password + "\n");
        Files.writeString(askpass, "#!/bin/sh\ncat '" + secret + "'\n");
        Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
        List<String> cmd = new ArrayList<>(List.of("ssh", "-o", "StrictHostKeyChecking=no", "-o",
                "UserKnownHostsFile=" + server.knownHosts(), "-o", "PubkeyAuthentication=no", "-o",
                "PreferredAuthentications=keyboard-interactive,password", "-o", "NumberOfPasswordPrompts=1",
                "-p", String.valueOf(server.port()), "-l", "byteback", "127.0.0.1"));
        cmd.addAll(List.of(command));
        return Cmd.run(cmd, Map.of("SSH_ASKPASS", askpass.toString(), "SSH_ASKPASS_REQUIRE", "force", "DISPLAY", ":0"), null, 60);
    }

    @Test
    void enrolmentByInvite() throws Exception {
        ClientKey key = ClientKey.create(server.scratch(), "newhost");
        String token = invite("newhost");
        String[] pub = key.publicLine().split(" ");

        // the token is for enrolment only
        Cmd.Result ping = withPassword(token, "byteback-receive", "--ping");
        assertNotEquals(0, ping.exit());
        assertTrue(ping.err().contains("invite"), ping.toString());
        // and for the invited name only
        Cmd.Result other = withPassword(token, "byteback-setup-client-receive", "otherhost", pub[0], pub[1], pub[2]);
        assertNotEquals(0, other.exit());
        assertTrue(other.err().contains("newhost"), other.toString());

        Cmd.Result ok = withPassword(token, "byteback-setup-client-receive", "newhost", pub[0], pub[1], pub[2]);
        assertEquals(0, ok.exit(), ok.toString());
        assertTrue(new Btrfs().isSubvolume(server.root().resolve("newhost/current")));
        assertEquals(List.of("command=\"byteback-receive\",from=\"127.0.0.1\",environment=\"BYTEBACK_HOST=newhost\" "
                + key.publicLine()), Files.readAllLines(server.root().resolve(".ssh/authorized_keys")));
        assertEquals(0, server.ssh(key, "byteback-receive", "--ping").exit());

        // spent: the same token no longer logs in
        Cmd.Result again = withPassword(token, "byteback-setup-client-receive", "newhost", pub[0], pub[1], pub[2]);
        assertEquals(255, again.exit(), again.toString());
        assertTrue(again.err().contains("Permission denied"), again.toString());
    }

    @Test
    void wrongTokensAndNoTokenAreRefused() throws Exception {
        invite("x1");
        Cmd.Result r = withPassword("not-a-token", "byteback-setup-client-receive", "x1", "ssh-ed25519", "AAAA");
        assertEquals(255, r.exit(), r.toString());
        ClientKey k = ClientKey.create(server.scratch(), "enrolled");
        server.enrol("enrolled", k);
        String[] pub = ClientKey.create(server.scratch(), "sneaky").publicLine().split(" ");
        Cmd.Result keyLogin = server.ssh(k, "byteback-setup-client-receive", "x1", pub[0], pub[1]);
        assertNotEquals(0, keyLogin.exit());
        assertTrue(keyLogin.err().contains("invite"), keyLogin.toString());
        assertTrue(Files.notExists(server.root().resolve("x1")));
    }
}
