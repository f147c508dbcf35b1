package byteback.client.ssh;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * The decision OpenSSH makes with StrictHostKeyChecking=yes, over the known_hosts lines that
 * name the host: the key is known, the host has a different key (changed), the key is revoked, or
 * the host is not known at all.
 */
public final class HostKeyCheck {
    public enum Verdict { KNOWN, CHANGED, OTHER_TYPE_KNOWN, REVOKED, UNKNOWN }

    /**
     * One known_hosts line that matched the host: its key type, its key (decoded only when asked:
     * decoding a key costs, an RSA one most — the JCE provider checks the modulus — and only the lines
     * of the presented key's type are compared), and marker ("revoked", "cert-authority" or null).
     */
    public record Known(String keyType, Supplier<PublicKey> decoded, String marker, String source) {
        public Known(PublicKey key, String marker, String source) {
            this(KeyUtils.getKeyType(key), () -> key, marker, source);
        }

        /** The key, or null when it cannot be read (such a line matches nothing). */
        public PublicKey key() {
            return decoded.get();
        }
    }

    public record Result(Verdict verdict, Known evidence) {}

    private HostKeyCheck() {}

    public static Result judge(List<Known> lines, PublicKey presented) {
        String type = KeyUtils.getKeyType(presented);
        Known sameType = null;
        List<Known> otherTypes = new ArrayList<>();
        for (Known k : lines) {
            if ("cert-authority".equals(k.marker())) continue; // certificates are not used here
            if (!type.equals(k.keyType())) {
                if (!"revoked".equals(k.marker())) otherTypes.add(k);
                continue;
            }
            PublicKey key = k.key();
            if (key == null) continue; // a line we cannot read cannot match the key we were shown
            boolean equal = KeyUtils.compareKeys(key, presented);
            if ("revoked".equals(k.marker())) {
                if (equal) return new Result(Verdict.REVOKED, k);
                continue;
            }
            if (equal) return new Result(Verdict.KNOWN, k);
            if (sameType == null) sameType = k;
        }
        if (sameType != null) return new Result(Verdict.CHANGED, sameType);
        for (Known k : otherTypes) {
            if (k.key() != null) return new Result(Verdict.OTHER_TYPE_KNOWN, k);
        }
        return new Result(Verdict.UNKNOWN, null);
    }
}
