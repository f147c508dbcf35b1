package byteback.server.auth;

import java.net.InetAddress;
import java.time.Instant;
import java.util.List;

/**
 * Which client a key belongs to, decided from the authorized_keys lines alone (never from the
 * login name or the command).
 *
 * @param client the client's name, or null when the key is refused
 * @param line   the line that decided, 0 when none did
 * @param reason why, in words for the log
 */
public record KeyDecision(String client, int line, String reason) {
    public boolean accepted() {
        return client != null;
    }

    /**
     * The first line that lists the key, allows the address and names a valid client wins, as
     * OpenSSH tries the lines in order.
     */
    public static KeyDecision decide(List<AuthorizedKey> keys, byte[] offered, InetAddress address) {
        return decide(keys, offered, address, Instant.now());
    }

    /** As {@link #decide(List, byte[], InetAddress)} at {@code now} (for {@code expiry-time=}). */
    public static KeyDecision decide(List<AuthorizedKey> keys, byte[] offered, InetAddress address, Instant now) {
        String why = "key not in authorized_keys";
        int whyLine = 0;
        for (AuthorizedKey k : keys) {
            if (!k.sameKey(offered)) continue;
            whyLine = k.line();
            if (k.options().flags().contains("cert-authority")) {
                why = "line " + k.line() + " is a cert-authority line";
                continue;
            }
            if (k.options().expired(now)) {
                why = "line " + k.line() + " expired at " + k.options().expiresAt() + " (expiry-time=)";
                continue;
            }
            String from = k.options().from();
            if (from != null && !FromPatterns.allows(from, address)) {
                why = "from=\"" + from + "\" on line " + k.line() + " does not allow "
                        + FromPatterns.AddressText.of(address);
                continue;
            }
            String client = k.options().env(AuthorizedKey.CLIENT_VARIABLE).orElse(null);
            if (client == null) {
                why = "line " + k.line() + " has no environment=\"" + AuthorizedKey.CLIENT_VARIABLE + "=...\"";
                continue;
            }
            if (!ClientName.isValid(client)) {
                why = "line " + k.line() + " names an invalid client \"" + client + "\"";
                continue;
            }
            return new KeyDecision(client, k.line(), "line " + k.line());
        }
        return new KeyDecision(null, whyLine, why);
    }
}
