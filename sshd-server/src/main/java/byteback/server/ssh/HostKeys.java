package byteback.server.ssh;

import byteback.server.store.Ownership;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's host keys (ed25519 and RSA) in ROOT/.byteback/, in OpenSSH's private key format
 * with mode 0600: created on the first start, read on every later one, so clients see the same
 * fingerprints after a restart.
 */
public final class HostKeys {
    private static final Logger LOG = LoggerFactory.getLogger(HostKeys.class);

    private HostKeys() {}

    private record Kind(String file, String type, int bits) {}

    private static final List<Kind> KINDS = List.of(
            new Kind("ssh_host_ed25519_key", KeyPairTypes.ED25519, 256),
            new Kind("ssh_host_rsa_key", KeyPairTypes.RSA, 3072));

    private static final class KeyPairTypes {
        static final String ED25519 = "ssh-ed25519";
        static final String RSA = "ssh-rsa";
    }

    public static List<KeyPair> loadOrCreate(Path stateDir, Ownership ownership) throws IOException {
        Ownership.createPrivateDirectories(stateDir, ownership);
        List<KeyPair> keys = new ArrayList<>();
        for (Kind k : KINDS) {
            Path file = stateDir.resolve(k.file());
            try {
                if (!Files.exists(file)) create(file, k, ownership);
                keys.add(load(file));
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot use host key " + file + ": " + e.getMessage(), e);
            }
        }
        return keys;
    }

    public static String fingerprint(KeyPair kp) {
        return KeyUtils.getFingerPrint(kp.getPublic());
    }

    private static KeyPair load(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            for (KeyPair kp : SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, null)) {
                return kp;
            }
        }
        throw new IOException(file + " holds no key");
    }

    private static void create(Path file, Kind k, Ownership ownership) throws IOException, GeneralSecurityException {
        KeyPair kp = KeyUtils.generateKeyPair(k.type(), k.bits());
        ByteArrayOutputStream priv = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(kp, "byteback host key", null, priv);
        Path tmp = Ownership.createPrivateFile(file.resolveSibling(file.getFileName() + ".tmp"), ownership);
        Files.write(tmp, priv.toByteArray());
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        String pub = PublicKeyEntry.toString(kp.getPublic()) + " byteback host key\n";
        Path pubFile = file.resolveSibling(file.getFileName() + ".pub");
        Files.writeString(pubFile, pub, StandardCharsets.US_ASCII);
        ownership.apply(pubFile);
        LOG.info("created host key {} ({})", file, KeyUtils.getFingerPrint(kp.getPublic()));
    }
}
