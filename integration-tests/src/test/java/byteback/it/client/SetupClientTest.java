package byteback.it.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.btrfs.Btrfs;
import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import byteback.it.support.ServerJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * byteback-setup-client against the real server with an invite token, then what later runs see:
 * the recorded host key is trusted, a changed or unknown one is refused, a refused key, a server
 * that is down, and bad input each give one clear message and a non-zero exit (never a trace).
 */
class SetupClientTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");

    private String invite(String name) throws Exception {
        return Cmd.run(ServerJar.command("invite", "--root", server.root().toString(), "--name", name, "--ttl", "1h"))
                .ok().out().strip();
    }

    private static void assertClean(Cmd.Result r) {
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r);
        assertFalse(r.err().contains("Exception"), "no exception names: " + r);
    }

    @Test
    void enrolsWithAnInviteAndLaterRunsTrustOnlyThatHostKey() throws Exception {
        ClientJar jar = new ClientJar(server.scratch());
        Path conf = server.scratch().resolve("etc-byteback");
        Path tokenFile = server.scratch().resolve("token");
        Files.writeString(tokenFile, invite("web1") + "\n");
        Path sshConfig = Files.writeString(server.scratch().resolve("ssh_config"), "");
        String dest = "ssh://byteback@127.0.0.1:" + server.port();

        Cmd.Result setup = jar.run("setup-client", "--config-dir", conf.toString(), "--ssh-config", sshConfig.toString(),
                "--destination", dest, "--hostname", "web1", "--token-file", tokenFile.toString());
        assertEquals(0, setup.exit(), setup.toString());
        assertTrue(setup.out().contains("Setup worked"), setup.toString());
        assertTrue(setup.err().contains("SHA256:"), "fingerprint printed: " + setup);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(conf.resolve("key"))));
        assertEquals(dest, Files.readString(conf.resolve("destination")).strip());
        String pub = Files.readString(conf.resolve("key.pub")).strip();
        assertTrue(pub.startsWith("ssh-ed25519 "), pub);
        List<String> auth = Files.readAllLines(server.root().resolve(".ssh/authorized_keys"));
        assertEquals(1, auth.size());
        assertTrue(auth.get(0).startsWith("command=\"byteback-receive\",from=\"127.0.0.1\",environment=\"BYTEBACK_HOST=web1\" ssh-ed25519 "),
                auth.get(0));
        assertTrue(auth.get(0).contains(pub.split(" ")[1]));
        assertTrue(new Btrfs().isSubvolume(server.root().resolve("web1/current")));
        List<String> known = Files.readAllLines(conf.resolve("known_hosts"));
        assertEquals(1, known.size());
        assertTrue(known.get(0).startsWith("[127.0.0.1]:" + server.port() + " "), known.get(0));

        // a second run with the spent token: the invite is gone
        Cmd.Result again = jar.run("setup-client", "--config-dir", conf.toString(), "--ssh-config", sshConfig.toString(),
                "--destination", dest, "--hostname", "web1", "--token-file", tokenFile.toString());
        assertEquals(4, again.exit(), again.toString());
        assertTrue(again.err().contains("refused the invite token"), again.toString());
        assertClean(again);

        // the enrolled key reaches the server: a backup gets as far as the rsync transfer
        String[] common = {"--config-dir", conf.toString(), "--ssh-config", sshConfig.toString()};
        Path src = Files.createDirectories(server.scratch().resolve("src"));
        Cmd.Result restoreList = jar.run(concat(new String[] {"restore"}, common, new String[] {"--list", "/etc/passwd"}));
        assertFalse(restoreList.err().contains("host key"), restoreList.toString());
        assertClean(restoreList);

        // a changed host key is refused, with the reason
        String line = known.get(0);
        ClientKey other = ClientKey.create(server.scratch(), "otherhostkey");
        Files.writeString(conf.resolve("known_hosts"), line.split(" ")[0] + " " + other.publicLine() + "\n");
        Cmd.Result changed = jar.run(concat(new String[] {"backup"}, common, new String[] {"--source", src.toString(),
                "--lock-file", server.scratch().resolve("lock").toString(), "-r", "0"}));
        assertEquals(4, changed.exit(), changed.toString());
        assertTrue(changed.err().contains("has CHANGED"), changed.toString());
        assertClean(changed);

        // an unknown host is refused too
        Files.delete(conf.resolve("known_hosts"));
        Cmd.Result unknown = jar.run(concat(new String[] {"restore"}, common, new String[] {"/etc"}));
        assertEquals(4, unknown.exit(), unknown.toString());
        assertTrue(unknown.err().contains("is not known"), unknown.toString());
        assertClean(unknown);
    }

    @Test
    void clearMessagesForBadInput() throws Exception {
        ClientJar jar = new ClientJar(server.scratch());
        Path conf = Files.createDirectories(server.scratch().resolve("conf"));
        Path sshConfig = Files.writeString(server.scratch().resolve("ssh_config"), "");
        Path lock = server.scratch().resolve("lock");
        String[] common = {"--config-dir", conf.toString(), "--ssh-config", sshConfig.toString(), "--lock-file", lock.toString()};

        Cmd.Result noDest = jar.run(concat(new String[] {"backup"}, common));
        assertEquals(2, noDest.exit(), noDest.toString());
        assertTrue(noDest.err().contains("no destination"), noDest.toString());
        assertClean(noDest);

        Files.writeString(conf.resolve("destination"), "ssh://byteback@127.0.0.1:" + server.port() + "\n");
        Cmd.Result noKey = jar.run(concat(new String[] {"backup"}, common));
        assertEquals(2, noKey.exit(), noKey.toString());
        assertTrue(noKey.err().contains("could not read ssh key"), noKey.toString());
        assertClean(noKey);

        Files.writeString(conf.resolve("key"), "not a key\n");
        Cmd.Result badKey = jar.run(concat(new String[] {"backup"}, common));
        assertEquals(2, badKey.exit(), badKey.toString());
        assertTrue(badKey.err().contains("could not read ssh key"), badKey.toString());
        Files.delete(conf.resolve("key"));

        ClientKey k = ClientKey.create(conf, "key");
        Cmd.Result noSource = jar.run(concat(new String[] {"backup"}, common, new String[] {"--source", "/does/not/exist"}));
        assertEquals(2, noSource.exit(), noSource.toString());
        assertTrue(noSource.err().contains("/does/not/exist does not exist"), noSource.toString());

        Files.writeString(conf.resolve("rsync_flags"), "--xattrs\n--delete-after\n");
        Cmd.Result badFlag = jar.run(concat(new String[] {"backup"}, common));
        assertEquals(2, badFlag.exit(), badFlag.toString());
        assertTrue(badFlag.err().contains("--delete-after is not supported"), badFlag.toString());
        Files.delete(conf.resolve("rsync_flags"));

        // a key the server does not know, its host key recorded: refused, no retries for that
        Files.writeString(conf.resolve("known_hosts"), Cmd.run(List.of("ssh-keyscan", "-p", String.valueOf(server.port()),
                "-t", "ed25519", "127.0.0.1")).ok().out());
        Path src = Files.createDirectories(server.scratch().resolve("src"));
        Cmd.Result refused = jar.run(concat(new String[] {"backup"}, common, new String[] {"--source", src.toString()}));
        assertEquals(4, refused.exit(), refused.toString());
        assertTrue(refused.err().contains("refused the key " + k.file()), refused.toString());
        assertClean(refused);

        // a server that is down: retried, then a clear message
        int port = server.port();
        server.restart();
        Cmd.Result down = jar.run(concat(new String[] {"backup", "-d", "ssh://byteback@127.0.0.1:1", "-r", "2", "-e", "0"},
                common, new String[] {"--source", src.toString()}));
        assertEquals(4, down.exit(), down.toString());
        assertTrue(down.err().contains("cannot connect to 127.0.0.1 port 1") && down.err().contains("after 2 retries"),
                down.toString());
        assertClean(down);
        assertTrue(port > 0);
    }

    private static String[] concat(String[]... parts) {
        return java.util.Arrays.stream(parts).flatMap(java.util.Arrays::stream).toArray(String[]::new);
    }
}
