package byteback.it.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.Cmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar's SSH (MINA's client, no ssh binary) against OpenSSH's sshd as an original byteback
 * server runs it, each client key a forced command. The forced command here is a stand-in that
 * prints the command the client asked for (SSH_ORIGINAL_COMMAND), as the original byteback-receive
 * receives it: so the test sees exactly what an original server would be asked. Checked: ed25519,
 * ECDSA and RSA client keys; the host key from the user's known_hosts (the server also has an RSA
 * host key: the known type is asked for); HostName/Port/User from ~/.ssh/config; the original's
 * quoted-printable patterns; an unknown host refused.
 */
class OpenSshServerTest {
    @TempDir
    Path dir;

    @Test
    void theJarTalksToOpenSsh() throws Exception {
        Path receive = dir.resolve("receive");
        Files.writeString(receive, "#!/bin/sh\necho \"$SSH_ORIGINAL_COMMAND\"\n");
        receive.toFile().setExecutable(true);
        StringBuilder auth = new StringBuilder();
        for (String t : List.of("ed25519", "ecdsa", "rsa")) {
            Path k = dir.resolve("key_" + t);
            Cmd.run(List.of("ssh-keygen", "-q", "-t", t, "-N", "", "-f", k.toString())).ok();
            auth.append("command=\"").append(receive).append("\",no-pty ").append(Files.readString(Path.of(k + ".pub")));
        }
        ClientJar jar = new ClientJar(dir);
        Path conf = Files.createDirectories(dir.resolve("conf"));
        try (OpenSshServer sshd = OpenSshServer.start(dir.resolve("sshd"), auth.toString())) {
            Path userSsh = Files.createDirectories(jar.home().resolve(".ssh"));
            // unknown host first: refused, nothing recorded
            Cmd.Result unknown = jar.run("restore", "--config-dir", conf.toString(), "-d", "ssh://root@127.0.0.1:" + sshd.port(),
                    "-k", dir.resolve("key_ed25519").toString(), "/etc/passwd");
            assertEquals(4, unknown.exit(), unknown.toString());
            assertTrue(unknown.err().contains("is not known"), unknown.toString());

            Files.writeString(userSsh.resolve("known_hosts"), sshd.keyscan("ed25519"));
            Files.writeString(userSsh.resolve("config"), "Host backup-alias\n  HostName 127.0.0.1\n  Port " + sshd.port()
                    + "\n  User root\n");
            for (String t : List.of("ed25519", "ecdsa", "rsa")) {
                Cmd.Result r = jar.run(Path.of("/etc"), 120, "restore", "--config-dir", conf.toString(), "-d", "backup-alias:",
                        "-k", dir.resolve("key_" + t).toString(), "--all", "pass wd", "/var/log/*.log");
                assertEquals(0, r.exit(), t + ": " + r);
                assertEquals("byteback-receive --snapshot * --list --all /etc/pass=20wd /var/log/*.log\n", r.out(), t);
            }
        }
    }
}
