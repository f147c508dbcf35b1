package byteback.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Host keys are made once, private, and the same after a restart. */
class HostKeysTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");

    private Set<String> fingerprints() throws Exception {
        String scan = Cmd.run(List.of("ssh-keyscan", "-p", String.valueOf(server.port()), "-t", "ed25519,rsa", "127.0.0.1")).ok().out();
        Path f = server.scratch().resolve("scan-" + System.nanoTime());
        Files.writeString(f, scan);
        Set<String> out = new TreeSet<>();
        for (String line : Cmd.run(List.of("ssh-keygen", "-l", "-f", f.toString())).ok().out().split("\n")) {
            if (!line.isBlank()) out.add(line.split(" ")[1] + " " + line.substring(line.lastIndexOf('(')));
        }
        return out;
    }

    @Test
    void sameFingerprintsAfterARestart() throws Exception {
        Set<String> before = fingerprints();
        assertEquals(2, before.size(), before.toString());
        assertTrue(before.stream().anyMatch(s -> s.endsWith("(ED25519)")) && before.stream().anyMatch(s -> s.endsWith("(RSA)")));
        for (String k : List.of("ssh_host_ed25519_key", "ssh_host_rsa_key")) {
            Path p = server.root().resolve(".byteback").resolve(k);
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
        }
        server.restart();
        assertEquals(before, fingerprints());
    }
}
