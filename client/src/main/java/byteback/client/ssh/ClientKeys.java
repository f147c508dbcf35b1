package byteback.client.ssh;

import byteback.client.ClientException;
import byteback.client.ExitCodes;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.util.Iterator;
import java.util.Locale;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.util.security.SecurityUtils;

/** The client's SSH key (/etc/byteback/key): loading it (ed25519, ECDSA, RSA) and making a new one. */
public final class ClientKeys {
    private ClientKeys() {}

    /** Loads an unencrypted private key in OpenSSH or PEM format, with a clear message on every failure. */
    public static KeyPair load(Path file) throws ClientException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ClientException("could not read ssh key " + file + ": no such file (run byteback-setup-client, or give --ssh-key)",
                    ExitCodes.USAGE);
        } catch (AccessDeniedException e) {
            throw new ClientException("could not read ssh key " + file + ": permission denied (run as root?)", ExitCodes.USAGE);
        } catch (IOException e) {
            throw new ClientException("could not read ssh key " + file + ": " + e.getMessage(), ExitCodes.USAGE);
        }
        try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
            Iterable<KeyPair> keys = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in,
                    FilePasswordProvider.EMPTY);
            Iterator<KeyPair> it = keys == null ? null : keys.iterator();
            if (it == null || !it.hasNext()) throw new ClientException("could not read ssh key " + file + ": it holds no private key", ExitCodes.USAGE);
            return it.next();
        } catch (ClientException e) {
            throw e;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String m = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            String why = m.contains("password") || m.contains("passphrase") || m.contains("encrypt")
                    ? "it is protected by a passphrase (byteback runs unattended: use a key without one)"
                    : "not a private key byteback can read (" + e.getMessage() + ")";
            throw new ClientException("could not read ssh key " + file + ": " + why, ExitCodes.USAGE, e);
        }
    }

    /** The key types setup-client can make. */
    public static KeyPair generate(String type) throws ClientException {
        try {
            return switch (type) {
                case "ed25519" -> KeyUtils.generateKeyPair(KeyPairTypes.ED25519, 256);
                case "ecdsa" -> KeyUtils.generateKeyPair(KeyPairTypes.ECDSA_256, 256);
                case "rsa" -> KeyUtils.generateKeyPair(KeyPairTypes.RSA, 3072);
                default -> throw new ClientException("unknown key type " + type + " (ed25519, ecdsa or rsa)", ExitCodes.USAGE);
            };
        } catch (GeneralSecurityException e) {
            throw new ClientException("could not make a " + type + " key: " + e.getMessage(), ExitCodes.FAILURE, e);
        }
    }

    private static final class KeyPairTypes {
        static final String ED25519 = "ssh-ed25519";
        static final String ECDSA_256 = "ecdsa-sha2-nistp256";
        static final String RSA = "ssh-rsa";
    }

    /** The public key line ("ssh-ed25519 AAAA... comment"). */
    public static String publicLine(KeyPair key, String comment) {
        StringBuilder b = new StringBuilder();
        try {
            PublicKeyEntry.appendPublicKeyEntry(b, key.getPublic());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (comment != null && !comment.isEmpty()) b.append(' ').append(comment);
        return b.toString();
    }

    /** Writes FILE (0600, OpenSSH format) and FILE.pub; neither may exist. */
    public static void write(KeyPair key, Path file, String comment) throws IOException {
        ByteArrayOutputStream priv = new ByteArrayOutputStream();
        try {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, comment, null, priv);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot encode the key: " + e.getMessage(), e);
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, new byte[0], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        Files.write(file, priv.toByteArray(), StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
        Path pub = file.resolveSibling(file.getFileName() + ".pub");
        Files.writeString(pub, publicLine(key, comment) + "\n", StandardCharsets.US_ASCII);
    }
}
