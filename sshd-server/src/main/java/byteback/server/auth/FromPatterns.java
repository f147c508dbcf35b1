package byteback.server.auth;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Locale;

/**
 * The {@code from="pattern-list"} option of authorized_keys, matched the way OpenSSH matches it
 * when it does not resolve names (its default, UseDNS no): the client's address is tested both
 * as an address against CIDR entries and as a string against wildcard entries; any negated
 * entry that matches refuses the key.
 */
public final class FromPatterns {
    private FromPatterns() {}

    /**
     * openssh: match.c match_host_and_ip, with host == the address string.
     *
     * @return true when the key may be used from {@code address}
     */
    public static boolean allows(String patterns, InetAddress address) {
        String ip = AddressText.of(address);
        int mip = addrMatchList(address, patterns);
        if (mip == -2 || mip == -1) return false;
        int mhost = hostMatchList(ip.toLowerCase(Locale.ROOT), patterns);
        if (mhost == -1) return false;
        return mhost == 1 || mip == 1;
    }

    // openssh: addrmatch.c addr_match_list. 1 match, 0 none, -1 negated match, -2 malformed list.
    static int addrMatchList(InetAddress address, String patterns) {
        String ip = AddressText.of(address);
        int ret = 0;
        for (String entry : patterns.split(",", -1)) {
            boolean neg = entry.startsWith("!");
            String cp = neg ? entry.substring(1) : entry;
            if (cp.isEmpty()) return -2;
            Cidr cidr;
            try {
                cidr = Cidr.parse(cp);
            } catch (Cidr.InconsistentMaskException e) {
                return -2;
            }
            boolean found = cidr != null ? cidr.contains(address) : Glob.matches(ip, cp);
            if (found) {
                if (neg) return -1;
                ret = 1;
            }
        }
        return ret;
    }

    // openssh: match.c match_pattern_list(string, pattern, dolower=1). 1, 0 or -1 (negated match).
    static int hostMatchList(String host, String patterns) {
        int got = 0;
        for (String entry : patterns.split(",", -1)) {
            boolean neg = entry.startsWith("!");
            String sub = (neg ? entry.substring(1) : entry).toLowerCase(Locale.ROOT);
            if (Glob.matches(host, sub)) {
                if (neg) return -1;
                got = 1;
            }
        }
        return got;
    }

    /** The textual form OpenSSH uses for an address (what SSH_CONNECTION shows). */
    public static final class AddressText {
        private AddressText() {}

        public static String of(InetAddress a) {
            if (a instanceof Inet4Address) return a.getHostAddress();
            byte[] b = a.getAddress();
            if (a instanceof Inet6Address && isV4Mapped(b)) {
                return (b[12] & 0xff) + "." + (b[13] & 0xff) + "." + (b[14] & 0xff) + "." + (b[15] & 0xff);
            }
            return compressV6(b);
        }

        private static boolean isV4Mapped(byte[] b) {
            for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
            return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        }

        // RFC 5952: lower case, longest run (>= 2) of zero groups as "::", first if tied.
        static String compressV6(byte[] b) {
            int[] g = new int[8];
            for (int i = 0; i < 8; i++) g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
            int bestStart = -1, bestLen = 0;
            for (int i = 0; i < 8; ) {
                if (g[i] != 0) { i++; continue; }
                int j = i;
                while (j < 8 && g[j] == 0) j++;
                if (j - i > bestLen) { bestLen = j - i; bestStart = i; }
                i = j;
            }
            if (bestLen < 2) bestStart = -1;
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                if (i == bestStart) {
                    sb.append("::");
                    i += bestLen - 1;
                    continue;
                }
                if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') sb.append(':');
                sb.append(Integer.toHexString(g[i]));
            }
            return sb.toString();
        }
    }
}
