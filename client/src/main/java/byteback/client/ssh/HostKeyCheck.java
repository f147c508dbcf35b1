package byteback.client.ssh;

import java.security.PublicKey;
import java.util.List;
import org.apache.sshd.common.config.keys.KeyUtils;

/**
 * The decision OpenSSH makes with StrictHostKeyChecking=yes, over the known_hosts lines that
 * name the host: the key is known, the host has a different key (changed), the key is revoked, or
 * the host is not known at all.
 */
public final class HostKeyCheck {
    public enum Verdict { KNOWN, CHANGED, OTHER_TYPE_KNOWN, REVOKED, UNKNOWN }

    /** One known_hosts line that matched the host: its key and marker ("revoked", "cert-authority" or null). */
    public record Known(PublicKey key, String marker, String source) {}

    public record Result(Verdict verdict, Known evidence) {}

    private HostKeyCheck() {}

    public static Result judge(List<Known> lines, PublicKey presented) {
        Known sameType = null;
        Known otherType = null;
        for (Known k : lines) {
            if ("cert-authority".equals(k.marker())) continue; // certificates are not used here
            boolean equal = KeyUtils.compareKeys(k.key(), presented);
            if ("revoked".equals(k.marker())) {
                if (equal) return new Result(Verdict.REVOKED, k);
                continue;
            }
            if (equal) return new Result(Verdict.KNOWN, k);
            if (KeyUtils.getKeyType(k.key()).equals(KeyUtils.getKeyType(presented))) {
                if (sameType == null) sameType = k;
            } else if (otherType == null) {
                otherType = k;
            }
        }
        if (sameType != null) return new Result(Verdict.CHANGED, sameType);
        if (otherType != null) return new Result(Verdict.OTHER_TYPE_KNOWN, otherType);
        return new Result(Verdict.UNKNOWN, null);
    }
}
