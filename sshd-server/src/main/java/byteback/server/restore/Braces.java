package byteback.server.restore;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Brace expansion as Ruby's Dir.glob does it before matching (dir.c ruby_brace_expand):
 * {@code a{b,c{d,e}}f} is {@code abf}, {@code acdf}, {@code acef}; a backslash escapes the next
 * character; a {@code {} that is never closed makes the pattern match nothing; a lone
 * {@code }} is literal. Bounded: a pattern may expand to at most {@link #MAX_PATTERNS}. Pure.
 */
final class Braces {
    private Braces() {}

    static final int MAX_PATTERNS = 4096;

    /** Thrown when a pattern expands to more than {@link #MAX_PATTERNS}. */
    static final class TooManyException extends Exception {
        TooManyException() {
            super("the pattern's braces expand to more than " + MAX_PATTERNS + " patterns");
        }
    }

    static List<int[]> expand(int[] pattern) throws TooManyException {
        List<int[]> out = new ArrayList<>();
        expand(pattern, out);
        return out;
    }

    private static void expand(int[] s, List<int[]> out) throws TooManyException {
        int lbrace = -1;
        int rbrace = -1;
        int nest = 0;
        for (int p = 0; p < s.length; p++) {
            if (s[p] == '{' && nest++ == 0) lbrace = p;
            if (s[p] == '}' && lbrace >= 0 && --nest == 0) {
                rbrace = p;
                break;
            }
            if (s[p] == '\\' && ++p >= s.length) break;
        }
        if (lbrace >= 0 && rbrace >= 0) {
            int p = lbrace;
            while (p < rbrace) {
                int t = ++p;
                int depth = 0;
                while (p < rbrace && !(s[p] == ',' && depth == 0)) {
                    if (s[p] == '{') depth++;
                    if (s[p] == '}') depth--;
                    if (s[p] == '\\' && ++p == rbrace) break;
                    p++;
                }
                int[] alt = new int[lbrace + (p - t) + (s.length - rbrace - 1)];
                System.arraycopy(s, 0, alt, 0, lbrace);
                System.arraycopy(s, t, alt, lbrace, p - t);
                System.arraycopy(s, rbrace + 1, alt, lbrace + (p - t), s.length - rbrace - 1);
                expand(alt, out);
            }
        } else if (lbrace < 0) {
            if (out.size() >= MAX_PATTERNS) throw new TooManyException();
            out.add(Arrays.copyOf(s, s.length));
        }
    }
}
