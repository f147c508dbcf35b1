package byteback.server.auth;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** A key's fingerprint as ssh-keygen -l prints it: SHA256:base64-without-padding. */
public final class KeyFingerprint {
    private KeyFingerprint() {}

    public static String sha256(byte[] blob) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
