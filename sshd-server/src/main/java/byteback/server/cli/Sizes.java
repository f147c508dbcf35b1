package byteback.server.cli;

import java.util.Locale;

/** Sizes as people write them: 10G, 512M, 1T, 10GiB, or bytes. */
final class Sizes {
    private Sizes() {}

    static long parse(String s) {
        String t = s.trim().toUpperCase(Locale.ROOT).replace("IB", "").replace("B", "");
        long mult = 1;
        if (!t.isEmpty() && "KMGT".indexOf(t.charAt(t.length() - 1)) >= 0) {
            mult = 1L << (10 * ("KMGT".indexOf(t.charAt(t.length() - 1)) + 1));
            t = t.substring(0, t.length() - 1);
        }
        try {
            long v = Long.parseLong(t);
            if (v <= 0) throw new NumberFormatException();
            return Math.multiplyExact(v, mult);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad size \"" + s + "\" (e.g. 10G, 512M)");
        }
    }
}
