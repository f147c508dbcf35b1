package byteback.server.restore;

/**
 * Matches one file name against one component of a glob pattern as Ruby's Dir.glob does (dir.c
 * fnmatch_helper with FNM_PERIOD, escapes on): {@code *} any run of characters, {@code ?} one
 * character, {@code [set]} with ranges and {@code !}/{@code ^} negation (an unclosed set never
 * matches), {@code \} makes the next character literal, and a leading {@code .} of a name must be
 * matched by a literal {@code .}. Works on {@link Chars}. Pure.
 */
final class NameGlob {
    private NameGlob() {}

    /** Whether the pattern component has anything but literal characters (dir.c has_magic). */
    static boolean hasMagic(int[] p) {
        for (int i = 0; i < p.length; i++) {
            int c = p[i];
            if (c == '*' || c == '?' || c == '[') return true;
            if (c == '\\') i++;
        }
        return false;
    }

    /** The literal name a pattern component without magic stands for (its escapes removed). */
    static int[] unescape(int[] p) {
        int[] out = new int[p.length];
        int n = 0;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == '\\' && i + 1 < p.length) i++;
            out[n++] = p[i];
        }
        return java.util.Arrays.copyOf(out, n);
    }

    static boolean matches(int[] p, int[] s) {
        int pi = 0;
        int si = 0;
        if (s.length > 0 && s[0] == '.' && at(p, unescaped(p, 0)) != '.') return false; // leading period
        int starP = -1;
        int starS = -1;
        while (true) {
            int c = at(p, pi);
            if (c == '*') {
                do {
                    pi++;
                } while (at(p, pi) == '*');
                if (unescaped(p, pi) >= p.length) return true;
                if (si >= s.length) return false;
                starP = pi;
                starS = si;
                continue;
            }
            boolean ok;
            if (c == '?') {
                if (si >= s.length) return false;
                pi++;
                si++;
                continue;
            } else if (c == '[') {
                if (si >= s.length) return false;
                int after = bracket(p, pi + 1, s[si]);
                if (after >= 0) {
                    pi = after;
                    si++;
                    continue;
                }
                ok = false;
            } else {
                pi = unescaped(p, pi);
                if (si >= s.length) return pi >= p.length;
                ok = pi < p.length && p[pi] == s[si];
                if (ok) {
                    pi++;
                    si++;
                    continue;
                }
            }
            // failed: let the last star take one more character
            if (starP >= 0 && starS < s.length) {
                pi = starP;
                si = ++starS;
                continue;
            }
            return false;
        }
    }

    private static int at(int[] p, int i) {
        return i < p.length ? p[i] : -1;
    }

    private static int unescaped(int[] p, int i) {
        return i < p.length && p[i] == '\\' ? i + 1 : i;
    }

    /**
     * dir.c bracket: whether {@code c} is in the set starting at {@code i} (just after the
     * {@code [}); returns the index after the closing {@code ]} on a match, -1 otherwise or when
     * the set is not closed.
     */
    private static int bracket(int[] p, int i, int c) {
        boolean not = at(p, i) == '!' || at(p, i) == '^';
        if (not) i++;
        boolean ok = false;
        while (at(p, i) != ']') {
            int t1 = unescaped(p, i);
            if (t1 >= p.length) return -1;
            int c1 = p[t1];
            i = t1 + 1;
            if (at(p, i) == '-' && at(p, i + 1) != ']') {
                int t2 = unescaped(p, i + 1);
                if (t2 >= p.length) return -1;
                int c2 = p[t2];
                i = t2 + 1;
                if (!ok && c1 <= c && c <= c2) ok = true;
                continue;
            }
            if (!ok && c1 == c) ok = true;
        }
        return ok == not ? -1 : i + 1;
    }
}
