package byteback.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Issue 14 item 10: an RSA key logs in with rsa-sha2-256/512 signatures, never with SHA-1 ssh-rsa ones. */
class Sha1SignaturesTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");

    private Cmd.Result ping(ClientKey key, String algorithm) throws Exception {
        List<String> cmd = new ArrayList<>(server.sshBase(key));
        cmd.addAll(List.of("-o", "PubkeyAcceptedAlgorithms=" + algorithm, "-v", "byteback@127.0.0.1",
                "byteback-receive", "--ping"));
        return Cmd.run(cmd, Map.of(), null, 60);
    }

    @Test
    void sha1RsaSignaturesAreRefusedAndSha2OnesAccepted() throws Exception {
        Path f = server.scratch().resolve("rsa");
        Cmd.run(List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", f.toString())).ok();
        ClientKey key = new ClientKey(f);
        server.enrol("alpha", key);

        Cmd.Result sha1 = ping(key, "ssh-rsa");
        assertNotEquals(0, sha1.exit(), sha1.toString());
        assertTrue(sha1.err().contains("Permission denied") || sha1.err().contains("no mutual signature"), sha1.err());
        for (String sha2 : new String[] {"rsa-sha2-256", "rsa-sha2-512"}) {
            Cmd.Result ok = ping(key, sha2);
            assertEquals(0, ok.exit(), sha2 + ": " + ok);
        }
    }
}
