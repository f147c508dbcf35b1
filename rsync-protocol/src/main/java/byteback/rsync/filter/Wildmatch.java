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
 * (hostile patterns such as {@code *a*a*a*a*a*a*b} included), and every step is charged to a
 * {@link MatchCost}. A compiled pattern holds two bytes per token beside the pattern's own
 * bytes: a {@code ?} or a set is not expanded into a table (a set is read from the pattern
 * when a byte is tested against it), so a long pattern of {@code ?} or sets costs no more memory
 * than its text.
 */
public final class Wildmatch {
    /** Longest pattern accepted (rsync: MAXPATHLEN). */
    public static final int MAX_PATTERN_LENGTH = 4096;

    // a token is (kind << 12) | argument
    private static final int LITERAL = 0; // argument: the byte
    private static final int ANY = 1; // '?': any byte but '/'
    private static final int SET = 2; // argument: the offset of its '[' in the pattern
    private static final int STAR = 3; // '*'
    private static final int STARSTAR = 4; // '**'
    private static final int ARG = 0xfff;

    private final byte[] p;
    private final int offset;
    private final char[] tokens;
    private final boolean never;

    private Wildmatch(byte[] p, int offset, char[] tokens, boolean never) {
        this.p = p;
        this.offset = offset;
        this.tokens = tokens;
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
        return compile(p, 0);
    }

    /**
     * Compiles the pattern {@code p[offset..]} (e.g. an anchored rule's pattern after its
     * leading slash). The array is kept, not copied: the caller must not change it.
     */
    static Wildmatch compile(byte[] p, int offset) {
        int length = p.length - offset;
        if (length > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException("pattern longer than " + MAX_PATTERN_LENGTH + " bytes");
        }
        char[] tokens = new char[length];
        int n = 0;
        int i = offset;
        boolean never = false;
        while (i < p.length && !never) {
            int c = p[i] & 0xff;
            switch (c) {
                case '\\' -> {
                    if (i + 1 >= p.length) {
                        never = true; // rsync compares the text with the terminating NUL: no match
                    } else {
                        tokens[n++] = token(LITERAL, p[i + 1] & 0xff);
                        i += 2;
                    }
                }
                case '?' -> {
                    tokens[n++] = token(ANY, 0);
                    i++;
                }
                case '*' -> {
                    int j = i;
                    while (j < p.length && p[j] == '*') {
                        j++;
                    }
                    int k = j - i >= 2 ? STARSTAR : STAR;
                    // Adjacent stars collapse: '*' then '**' is the same language as '**'.
                    if (n > 0 && kind(tokens[n - 1]) >= STAR) {
                        if (k == STARSTAR) {
                            tokens[n - 1] = token(STARSTAR, 0);
                        }
                    } else {
                        tokens[n++] = token(k, 0);
                    }
                    i = j;
                }
                case '[' -> {
                    int end = scanSet(p, i, -1);
                    if (end < 0) {
                        never = true;
                    } else {
                        tokens[n++] = token(SET, i - offset);
                        i = end >>> 1;
                    }
                }
                default -> {
                    tokens[n++] = token(LITERAL, c);
                    i++;
                }
            }
        }
        return new Wildmatch(p, offset, Arrays.copyOf(tokens, n), never);
    }

    private static char token(int kind, int arg) {
        return (char) (kind << 12 | arg);
    }

    private static int kind(char token) {
        return token >>> 12;
    }

    /** Tokens in the compiled pattern: what one byte of text may cost per start position. */
    int tokenCount() {
        return tokens.length;
    }

    /**
     * Reads the set starting at {@code p[open] == '['} (rsync: dowild, case '[') and tests
     * whether byte {@code c} is in it ({@code c < 0}: only check the set). Returns -1 when the
     * set is malformed, else (the index just after its closing {@code ]}) &lt;&lt; 1, plus 1 when
     * {@code c} is a member. '/' is never a member.
     */
    private static int scanSet(byte[] p, int open, int c) {
        int i = open + 1;
        boolean negate = false;
        if (i < p.length && (p[i] == '!' || p[i] == '^')) {
            negate = true;
            i++;
        }
        boolean in = false;
        int prev = -1;
        boolean first = true;
        while (true) {
            if (i >= p.length) {
                return -1;
            }
            int b = p[i] & 0xff;
            if (b == ']' && !first) {
                i++;
                break;
            }
            first = false;
            if (b == '\\') {
                if (++i >= p.length) {
                    return -1;
                }
                b = p[i] & 0xff;
                in |= b == c;
                prev = b;
                i++;
            } else if (b == '-' && prev > 0 && i + 1 < p.length && p[i + 1] != ']') {
                i++;
                int hi = p[i] & 0xff;
                if (hi == '\\') {
                    if (++i >= p.length) {
                        return -1;
                    }
                    hi = p[i] & 0xff;
                }
                in |= c >= prev && c <= hi;
                prev = -1;
                i++;
            } else if (b == '[' && i + 1 < p.length && p[i + 1] == ':') {
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
                    in |= c == '[';
                    prev = '[';
                    i++;
                    continue;
                }
                int cls = CLASSES.indexOf(new String(p, s, len, StandardCharsets.US_ASCII));
                if (cls < 0) {
                    return -1;
                }
                in |= c >= 0 && inClass(cls, c);
                prev = -1;
                i = j + 1;
            } else {
                in |= b == c;
                prev = b;
                i++;
            }
        }
        if (negate) {
            in = !in;
        }
        return i << 1 | (in && c >= 0 && c != '/' ? 1 : 0);
    }

    private static final java.util.List<String> CLASSES = java.util.List.of("alnum", "alpha", "blank",
            "cntrl", "digit", "graph", "lower", "print", "punct", "space", "upper", "xdigit");

    /** Whether byte b is in POSIX class number cls (ASCII, as in the C locale). */
    private static boolean inClass(int cls, int b) {
        if (b >= 128) {
            return false;
        }
        boolean upper = b >= 'A' && b <= 'Z';
        boolean lower = b >= 'a' && b <= 'z';
        boolean digit = b >= '0' && b <= '9';
        boolean graph = b > 32 && b < 127;
        return switch (cls) {
            case 0 -> upper || lower || digit;
            case 1 -> upper || lower;
            case 2 -> b == ' ' || b == '\t';
            case 3 -> b < 32 || b == 127;
            case 4 -> digit;
            case 5 -> graph;
            case 6 -> lower;
            case 7 -> graph || b == ' ';
            case 8 -> graph && !(upper || lower || digit);
            case 9 -> b == ' ' || (b >= '\t' && b <= '\r');
            case 10 -> upper;
            default -> digit || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F'); // xdigit
        };
    }

    /** The pattern as given. */
    public String pattern() {
        return new String(p, offset, p.length - offset, StandardCharsets.UTF_8);
    }

    /** Whether the whole text matches (rsync: wildmatch). */
    public boolean matches(String text) {
        return matches(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the whole text matches (rsync: wildmatch). */
    public boolean matches(byte[] text) {
        return matches(text, MatchCost.perCheck());
    }

    boolean matches(byte[] text, MatchCost cost) {
        return run(text, 0, false, cost);
    }

    /**
     * Whether the pattern matches the text starting at its beginning or just after any slash
     * (rsync: wildmatch_array with where &lt; 0).
     */
    public boolean matchesAfterAnySlash(byte[] text) {
        return matchesAfterAnySlash(text, MatchCost.perCheck());
    }

    /** As {@link #matchesAfterAnySlash(byte[])}, in one pass over the text: every start at once. */
    boolean matchesAfterAnySlash(byte[] text, MatchCost cost) {
        return run(text, 0, true, cost);
    }

    /**
     * Whether the pattern matches the last {@code count} slash-separated elements of the text
     * (rsync: wildmatch_array with where &gt; 0, trailing_N_elements): the text after its
     * count-th slash from the end, or the whole text when it has exactly count-1 slashes; never
     * when it has fewer.
     */
    public boolean matchesTrailing(byte[] text, int count) {
        return matchesTrailing(text, count, MatchCost.perCheck());
    }

    boolean matchesTrailing(byte[] text, int count, MatchCost cost) {
        int start = trailingStart(text, count);
        return start >= 0 && run(text, start, false, cost);
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

    /**
     * Runs the pattern's states (one bit each) over text[from..]; with {@code afterSlash} a new
     * run also starts after each slash. Each live state costs one step per byte, a set also the
     * bytes it spans: at most (pattern length x text length) in all.
     */
    private boolean run(byte[] text, int from, boolean afterSlash, MatchCost cost) {
        if (never) {
            return false;
        }
        int m = tokens.length;
        int words = (m >>> 6) + 1; // state m (all matched) included
        long[] cur = new long[words];
        long[] next = new long[words];
        enter(cur, 0);
        for (int t = from; t < text.length; t++) {
            int b = text[t] & 0xff;
            Arrays.fill(next, 0);
            long steps = 0;
            boolean any = false;
            for (int w = 0; w < words; w++) {
                long bits = cur[w];
                while (bits != 0) {
                    int s = (w << 6) + Long.numberOfTrailingZeros(bits);
                    bits &= bits - 1;
                    if (s == m) {
                        continue; // matched all tokens: nothing more to consume
                    }
                    steps++;
                    char tok = tokens[s];
                    int to;
                    switch (kind(tok)) {
                        case LITERAL -> to = (tok & ARG) == b ? s + 1 : -1;
                        case ANY -> to = b != '/' ? s + 1 : -1;
                        case SET -> {
                            int at = offset + (tok & ARG);
                            int r = scanSet(p, at, b);
                            steps += (r >>> 1) - at;
                            to = (r & 1) != 0 ? s + 1 : -1;
                        }
                        case STAR -> to = b != '/' ? s : -1;
                        default -> to = s; // STARSTAR
                    }
                    if (to >= 0) {
                        enter(next, to);
                        any = true;
                    }
                }
            }
            cost.charge(steps + words);
            if (afterSlash && b == '/') {
                enter(next, 0);
                any = true;
            }
            if (!any) {
                if (!afterSlash) {
                    return false;
                }
                // every run so far is dead: the next one starts after the next slash
                int slash = t + 1;
                while (slash < text.length && text[slash] != '/') {
                    slash++;
                }
                cost.charge(slash - t);
                if (slash >= text.length) {
                    return false;
                }
                t = slash;
                enter(next, 0);
            }
            long[] swap = cur;
            cur = next;
            next = swap;
        }
        return (cur[m >>> 6] & 1L << m) != 0;
    }

    /** Puts a run on state s; a star may match nothing, so a run on a star also stands after it. */
    private void enter(long[] states, int s) {
        states[s >>> 6] |= 1L << s;
        if (s < tokens.length && kind(tokens[s]) >= STAR) {
            states[(s + 1) >>> 6] |= 1L << (s + 1); // never two stars in a row: one step is enough
        }
    }

    @Override
    public String toString() {
        return pattern();
    }
}
