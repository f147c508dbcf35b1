package byteback.client.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostKeyCheckTest {
    @TempDir
    Path dir;

    private static PublicKey key(String type, int bits) throws Exception {
        KeyPair kp = KeyUtils.generateKeyPair(type, bits);
        return kp.getPublic();
    }

    @Test
    void verdicts() throws Exception {
        PublicKey a = key("ssh-ed25519", 256);
        PublicKey b = key("ssh-ed25519", 256);
        PublicKey e = key("ecdsa-sha2-nistp256", 256);
        assertEquals(HostKeyCheck.Verdict.UNKNOWN, HostKeyCheck.judge(List.of(), a).verdict());
        assertEquals(HostKeyCheck.Verdict.KNOWN, HostKeyCheck.judge(List.of(new HostKeyCheck.Known(a, null, "f")), a).verdict());
        assertEquals(HostKeyCheck.Verdict.CHANGED, HostKeyCheck.judge(List.of(new HostKeyCheck.Known(b, null, "f")), a).verdict());
        assertEquals(HostKeyCheck.Verdict.OTHER_TYPE_KNOWN,
                HostKeyCheck.judge(List.of(new HostKeyCheck.Known(e, null, "f")), a).verdict());
        assertEquals(HostKeyCheck.Verdict.KNOWN, HostKeyCheck.judge(List.of(new HostKeyCheck.Known(b, null, "f"),
                new HostKeyCheck.Known(a, null, "g")), a).verdict());
        assertEquals(HostKeyCheck.Verdict.REVOKED, HostKeyCheck.judge(List.of(new HostKeyCheck.Known(a, "revoked", "f"),
                new HostKeyCheck.Known(a, null, "g")), a).verdict());
    }

    @Test
    void linesOfAnotherTypeAreNotDecodedWhenTheKeyIsKnown() throws Exception {
        PublicKey a = key("ssh-ed25519", 256);
        HostKeyCheck.Known rsa = new HostKeyCheck.Known("ssh-rsa", () -> {
            throw new AssertionError("an ssh-rsa line was decoded to check an ssh-ed25519 key");
        }, null, "f");
        assertEquals(HostKeyCheck.Verdict.KNOWN,
                HostKeyCheck.judge(List.of(rsa, new HostKeyCheck.Known(a, null, "g")), a).verdict());
        // a line of another type that cannot be read is no evidence of another key
        HostKeyCheck.Known unreadable = new HostKeyCheck.Known("ssh-rsa", () -> null, null, "f");
        assertEquals(HostKeyCheck.Verdict.UNKNOWN, HostKeyCheck.judge(List.of(unreadable), a).verdict());
        HostKeyCheck.Known unreadableSameType = new HostKeyCheck.Known("ssh-ed25519", () -> null, null, "f");
        assertEquals(HostKeyCheck.Verdict.UNKNOWN, HostKeyCheck.judge(List.of(unreadableSameType), a).verdict());
    }

    @Test
    void recordedKeysAreFoundByHostAndPort() throws Exception {
        PublicKey a = key("ssh-ed25519", 256);
        KnownHosts kh = new KnownHosts(dir.resolve("own/known_hosts"), List.of(dir.resolve("none")));
        kh.record("backup.example.com", 2222, a);
        kh.record("other", 22, key("ssh-ed25519", 256));
        List<HostKeyCheck.Known> lines = kh.linesFor("backup.example.com", 2222);
        assertEquals(1, lines.size());
        assertEquals(HostKeyCheck.Verdict.KNOWN, HostKeyCheck.judge(lines, a).verdict());
        assertEquals(0, kh.linesFor("backup.example.com", 22).size());
        assertEquals(1, kh.linesFor("other", 22).size());
    }
}
