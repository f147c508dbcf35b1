package byteback.rsync.filter;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * rsync's wildcard patterns (rsync: lib/wildmatch.c), matched on bytes:
 * <ul>
 * <li>{@code ?} one byte other than {@code /};
 * <li>{@code *} any run of bytes without {@code /};
 * <li>{@code **} (two or more stars) any run of bytes, slashes included;
 * <li>{@code [set]} one byte other than {@code /} in (or, with a leading {@code !} or {@code ^},
 *     not in) the set; a {@code ]} first in the set is literal; {@code a-z} ranges;
 *     {@code [:alpha:]} and the other POSIX classes (ASCII); {@code \} escapes;
 * <li>{@code \x} the byte x literally;
 * <li>anything else itself.
 * </ul>
 * A pattern with an unclosed set, an unknown {@code [:class:]} or a trailing lone backslash
 * matches nothing, as in rsync.
 *
 * <p>Unlike rsync's backtracking matcher, a compiled pattern is run as a set of states over the
 * text, so a match costs at most (pattern length x text length) steps whatever the pattern
 * (hostile patterns such as {@code *a*a*a*a*a*a*b} included).
 */
public final class Wildmatch {
    /** Longest pattern accepted (rsync: MAXPATHLEN). */
    public static final int MAX_PATTERN_LENGTH = 4096;

    private static final byte LITERAL = 0;
    private static final byte ONE = 1; // '?' or a set
    private static final byte STAR = 2; // '*'
    private static final byte STARSTAR = 3; // '**'

    private final String pattern;
    private final byte[] kind;
    /** For LITERAL: the byte; unused otherwise. */
    private final byte[] literal;
    /** For ONE: the bytes it accepts (never '/'). */
    private final boolean[][] accepts;
    private final boolean never;

    private Wildmatch(String pattern, byte[] kind, byte[] literal, boolean[][] accepts, boolean never) {
        this.pattern = pattern;
        this.kind = kind;
        this.literal = literal;
        this.accepts = accepts;
        this.never = never;
    }

    /** Whether the pattern has wildcards at all (rsync: add_rule, strpbrk(pattern, "*[?")). */
    public static boolean hasWildcards(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '[' || c == '?') {
                return true;
            }
        }
        return false;
    }

    /** Compiles a pattern given as text (its UTF-8 bytes are the pattern). */
    public static Wildmatch compile(String pattern) {
        return compile(pattern.getBytes(StandardCharsets.UTF_8));
    }

    /** Compiles a pattern given as bytes, as it came off the wire. */
    public static Wildmatch compile(byte[] p) {
        String pattern = new String(p, StandardCharsets.UTF_8);
        if (p.length > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException("pattern longer than " + MAX_PATTERN_LENGTH + " bytes");
        }
        byte[] kind = new byte[p.length];
        byte[] literal = new byte[p.length];
        boolean[][] accepts = new boolean[p.length][];
        int n = 0;
        int i = 0;
        boolean never = false;
        while (i < p.length && !never) {
            int c = p[i] & 0xff;
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= p.length) {
                        never = true; // rsync compares the text with the terminating NUL: no match
                    } else {
                        kind[n] = LITERAL;
                        literal[n++] = p[i + 1];
                        i += 2;
                    }
                }
                case '?' -> {
                    boolean[] set = new boolean[256];
                    Arrays.fill(set, true);
                    set['/'] = false;
                    kind[n] = ONE;
                    accepts[n++] = set;
                    i++;
                }
                case '*' -> {
                    int j = i;
                    while (j < p.length && p[j] == '*') {
                        j++;
                    }
                    byte k = j - i >= 2 ? STARSTAR : STAR;
                    // Adjacent stars collapse: '*' then '**' is the same language as '**'.
                    if (n > 0 && (kind[n - 1] == STAR || kind[n - 1] == STARSTAR)) {
                        if (k == STARSTAR) {
                            kind[n - 1] = STARSTAR;
                        }
                    } else {
                        kind[n++] = k;
                    }
                    i = j;
                }
                case '[' -> {
                    boolean[] set = new boolean[256];
                    int end = parseSet(p, i, set);
                    if (end < 0) {
                        never = true;
                    } else {
                        kind[n] = ONE;
                        accepts[n++] = set;
                        i = end;
                    }
                }
                default -> {
                    kind[n] = LITERAL;
                    literal[n++] = (byte) c;
                    i++;
                }
            }
        }
        return new Wildmatch(pattern, Arrays.copyOf(kind, n), Arrays.copyOf(literal, n),
                Arrays.copyOf(accepts, n), never);
    }

    /**
     * Parses the set starting at {@code p[open] == '['} into {@code set}; returns the index just
     * after its closing {@code ]}, or -1 when the set is malformed (rsync: dowild, case '[').
     */
    private static int parseSet(byte[] p, int open, boolean[] set) {
        int i = open + 1;
        boolean negate = false;
        if (i < p.length && (p[i] == '!' || p[i] == '^')) {
            negate = true;
            i++;
        }
        int prev = 0;
        boolean first = true;
        while (true) {
            if (i >= p.length) {
                return -1;
            }
            int c = p[i] & 0xff;
            if (c == ']' && !first) {
                i++;
                break;
            }
            first = false;
            if (c == '\\') {
                if (++i >= p.length) {
                    return -1;
                }
                c = p[i] & 0xff;
                set[c] = true;
                prev = c;
                i++;
            } else if (c == '-' && prev != 0 && i + 1 < p.length && p[i + 1] != ']') {
                i++;
                int hi = p[i] & 0xff;
                if (hi == '\\') {
                    if (++i >= p.length) {
                        return -1;
                    }
                    hi = p[i] & 0xff;
                }
                for (int b = prev; b <= hi; b++) {
                    set[b] = true;
                }
                prev = 0;
                i++;
            } else if (c == '[' && i + 1 < p.length && p[i + 1] == ':') {
                int s = i + 2;
                int j = s;
                while (j < p.length && p[j] != ']') {
                    j++;
                }
                if (j >= p.length) {
                    return -1;
                }
                int len = j - s - 1;
                if (len < 0 || p[j - 1] != ':') {
                    // no ":]": the '[' is an ordinary member
                    set['['] = true;
                    prev = '[';
                    i++;
                    continue;
                }
                String name = new String(p, s, len, StandardCharsets.US_ASCII);
                if (!addClass(name, set)) {
                    return -1;
                }
                prev = 0;
                i = j + 1;
            } else {
                set[c] = true;
                prev = c;
                i++;
            }
        }
        if (negate) {
            for (int b = 0; b < 256; b++) {
                set[b] = !set[b];
            }
        }
        set['/'] = false;
        return i;
    }

    private static final java.util.Set<String> CLASSES = java.util.Set.of("alnum", "alpha", "blank",
            "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "xdigit");

    /** Adds a POSIX class (ASCII, as in the C locale); false for an unknown name. */
    private static boolean addClass(String name, boolean[] set) {
        if (!CLASSES.contains(name)) {
            return false;
        }
        for (int b = 0; b < 128; b++) {
            boolean upper = b >= 'A' && b <= 'Z';
            boolean lower = b >= 'a' && b <= 'z';
            boolean digit = b >= '0' && b <= '9';
            boolean graph = b > 32 && b < 127;
            boolean in = switch (name) {
                case "alnum" -> upper || lower || digit;
                case "alpha" -> upper || lower;
                case "blank" -> b == ' ' || b == '\t';
                case "cntrl" -> b < 32 || b == 127;
                case "digit" -> digit;
                case "graph" -> graph;
                case "lower" -> lower;
                case "print" -> graph || b == ' ';
                case "punct" -> graph && !(upper || lower || digit);
                case "space" -> b == ' ' || (b >= '\t' && b <= '\r');
                case "upper" -> upper;
                default -> digit || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F'); // xdigit
            };
            if (in) {
                set[b] = true;
            }
        }
        return true;
    }

    /** The pattern as given. */
    public String pattern() {
        return pattern;
    }

    /** Whether the whole text matches (rsync: wildmatch). */
    public boolean matches(String text) {
        return matches(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the whole text matches (rsync: wildmatch). */
    public boolean matches(byte[] text) {
        return matchesFrom(text, 0);
    }

    /**
     * Whether the pattern matches the text starting at its beginning or just after any slash
     * (rsync: wildmatch_array with where &lt; 0).
     */
    public boolean matchesAfterAnySlash(byte[] text) {
        if (matchesFrom(text, 0)) {
            return true;
        }
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '/' && matchesFrom(text, i + 1)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the pattern matches the last {@code count} slash-separated elements of the text
     * (rsync: wildmatch_array with where &gt; 0, trailing_N_elements): the text after its
     * count-th slash from the end, or the whole text when it has exactly count-1 slashes; never
     * when it has fewer.
     */
    public boolean matchesTrailing(byte[] text, int count) {
        int start = trailingStart(text, count);
        return start >= 0 && matchesFrom(text, start);
    }

    /** rsync: lib/wildmatch.c trailing_N_elements; -1 when the text has too few elements. */
    static int trailingStart(byte[] text, int count) {
        for (int i = text.length - 1; i >= 0; i--) {
            if (text[i] == '/' && --count == 0) {
                return i + 1;
            }
        }
        return count == 1 ? 0 : -1;
    }

    /** Runs the pattern's states over text[from..]: O(pattern x text). */
    boolean matchesFrom(byte[] text, int from) {
        if (never) {
            return false;
        }
        int m = kind.length;
        boolean[] cur = new boolean[m + 1];
        boolean[] next = new boolean[m + 1];
        cur[0] = true;
        closeOverStars(cur);
        for (int t = from; t < text.length; t++) {
            int b = text[t] & 0xff;
            Arrays.fill(next, false);
            boolean any = false;
            for (int s = 0; s < m; s++) {
                if (!cur[s]) {
                    continue;
                }
                switch (kind[s]) {
                    case LITERAL -> {
                        if ((literal[s] & 0xff) == b) {
                            next[s + 1] = true;
                            any = true;
                        }
                    }
                    case ONE -> {
                        if (accepts[s][b]) {
                            next[s + 1] = true;
                            any = true;
                        }
                    }
                    case STAR -> {
                        if (b != '/') {
                            next[s] = true;
                            any = true;
                        }
                    }
                    default -> { // STARSTAR
                        next[s] = true;
                        any = true;
                    }
                }
            }
            if (!any) {
                return false;
            }
            closeOverStars(next);
            boolean[] swap = cur;
            cur = next;
            next = swap;
        }
        return cur[m];
    }

    /** A star may match nothing: a state on a star also stands on the token after it. */
    private void closeOverStars(boolean[] states) {
        for (int s = 0; s < kind.length; s++) {
            if (states[s] && (kind[s] == STAR || kind[s] == STARSTAR)) {
                states[s + 1] = true;
            }
        }
    }

    @Override
    public String toString() {
        return pattern;
    }
}
