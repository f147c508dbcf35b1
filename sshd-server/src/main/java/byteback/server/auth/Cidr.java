package byteback.server.auth;

import java.net.Inet4Address;
import java.net.InetAddress;

/** An address with a prefix length, as OpenSSH's addrmatch.c parses it ("10.0.0.0/8", "::1"). */
final class Cidr {
    /** The network has bits set beyond its prefix ("10.1.2.3/8"): OpenSSH rejects the whole list. */
    static final class InconsistentMaskException extends Exception {
        InconsistentMaskException() { super("inconsistent mask length"); }
    }

    private final byte[] network;
    private final int bits;

    private Cidr(byte[] network, int bits) {
        this.network = network;
        this.bits = bits;
    }

    /**
     * openssh: addrmatch.c addr_pton_cidr.
     *
     * @return null when {@code s} is not a numeric address (the caller then treats it as a wildcard)
     */
    static Cidr parse(String s) throws InconsistentMaskException {
        int slash = s.indexOf('/');
        String addr = slash < 0 ? s : s.substring(0, slash);
        byte[] bytes = NumericAddress.parse(addr);
        if (bytes == null) return null;
        int max = bytes.length * 8;
        int bits = max;
        if (slash >= 0) {
            String len = s.substring(slash + 1);
            if (len.isEmpty() || len.length() > 3 || !len.chars().allMatch(Character::isDigit)) return null;
            bits = Integer.parseInt(len);
            if (bits > max) return null;
        }
        for (int i = bits; i < max; i++) {
            if ((bytes[i / 8] & (0x80 >> (i % 8))) != 0) throw new InconsistentMaskException();
        }
        return new Cidr(bytes, bits);
    }

    // openssh: addrmatch.c addr_netmatch
    boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length == 16 && network.length == 4 && isV4Mapped(a)) {
            byte[] v4 = new byte[4];
            System.arraycopy(a, 12, v4, 0, 4);
            a = v4;
        }
        if (a.length != network.length) return false;
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >> (i % 8);
            if ((a[i / 8] & mask) != (network[i / 8] & mask)) return false;
        }
        return true;
    }

    private static boolean isV4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) if (b[i] != 0) return false;
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    /** Parses numeric IPv4 (dotted quad) and IPv6 text without ever consulting DNS. */
    static final class NumericAddress {
        private NumericAddress() {}

        static byte[] parse(String s) {
            if (s.isEmpty()) return null;
            if (s.indexOf(':') >= 0) return parseV6(s);
            return parseV4(s);
        }

        private static byte[] parseV4(String s) {
            String[] parts = s.split("\\.", -1);
            if (parts.length != 4) return null;
            byte[] out = new byte[4];
            for (int i = 0; i < 4; i++) {
                String p = parts[i];
                if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) return null;
                int v = Integer.parseInt(p);
                if (v > 255) return null;
                out[i] = (byte) v;
            }
            return out;
        }

        private static byte[] parseV6(String s) {
            if (!s.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.')) return null;
            try {
                // in brackets InetAddress takes it as an IPv6 literal or fails: never a name lookup
                InetAddress a = InetAddress.getByName("[" + s + "]");
                byte[] b = a.getAddress();
                if (a instanceof Inet4Address) {
                    // "::ffff:1.2.3.4" comes back as IPv4; keep it as the mapped IPv6 form
                    byte[] m = new byte[16];
                    m[10] = (byte) 0xff;
                    m[11] = (byte) 0xff;
                    System.arraycopy(b, 0, m, 12, 4);
                    return m;
                }
                return b;
            } catch (Exception e) {
                return null;
            }
        }
    }
}
