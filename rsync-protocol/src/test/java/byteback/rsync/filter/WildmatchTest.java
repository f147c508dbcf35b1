package byteback.rsync.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class WildmatchTest {

    /** rsync's own test vectors (rsync: wildtest.txt), data only. */
    @Test
    void rsyncWildtestVectors() throws IOException {
        String data;
        try (InputStream in = WildmatchTest.class.getResourceAsStream("wildtest.txt")) {
            data = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        int checked = 0;
        List<String> failures = new ArrayList<>();
        for (String line : data.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            List<String> items = splitItems(line);
            assertEquals(4, items.size(), "malformed vector: " + line);
            boolean expected = items.get(0).equals("1");
            byte[] text = items.get(2).getBytes(StandardCharsets.ISO_8859_1);
            String pattern = items.get(3);
            boolean actual = Wildmatch.compile(pattern).matches(text);
            if (actual != expected) {
                failures.add(line);
            }
            checked++;
        }
        assertEquals(List.of(), failures);
        assertTrue(checked > 120, "only " + checked + " vectors");
    }

    /** wildtest.c's format: whitespace-separated items, optionally quoted with ' " or `. */
    private static List<String> splitItems(String line) {
        List<String> items = new ArrayList<>();
        int i = 0;
        while (i < line.length()) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\r') {
                i++;
                continue;
            }
            if (c == '\'' || c == '"' || c == '`') {
                int end = line.indexOf(c, i + 1);
                items.add(line.substring(i + 1, end));
                i = end + 1;
            } else {
                int end = i;
                while (end < line.length() && line.charAt(end) != ' ' && line.charAt(end) != '\t'
                        && line.charAt(end) != '\r') {
                    end++;
                }
                items.add(line.substring(i, end));
                i = end;
            }
        }
        return items;
    }

    @Test
    void hostilePatternsStayFast() {
        // Exponential for a naive backtracker; linear-by-pattern for us. No timing assertion:
        // the test would simply not finish with an exponential matcher.
        String text = "a".repeat(4000);
        assertFalse(Wildmatch.compile("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b").matches(text));
        assertFalse(Wildmatch.compile("**a**a**a**a**a**a**a**a**a**a**b").matches(text));
        assertTrue(Wildmatch.compile("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a").matches(text));
        String slashes = "a/".repeat(2000);
        assertFalse(Wildmatch.compile("**/*a/**/*a/**/*a/**/*a/**/*a/**/b").matchesAfterAnySlash(
                slashes.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void arrayForms() {
        byte[] t = "a/b/c".getBytes(StandardCharsets.UTF_8);
        assertTrue(Wildmatch.compile("b/c").matchesTrailing(t, 2));
        assertFalse(Wildmatch.compile("b/c").matchesTrailing(t, 3));
        assertTrue(Wildmatch.compile("a/b/c").matchesTrailing(t, 3));
        assertFalse(Wildmatch.compile("a/b/c").matchesTrailing(t, 4));
        assertEquals(-1, Wildmatch.trailingStart(t, 5));
        assertTrue(Wildmatch.compile("b/**").matchesAfterAnySlash(t));
        assertFalse(Wildmatch.compile("x/**").matchesAfterAnySlash(t));
        assertTrue(Wildmatch.compile("c").matchesAfterAnySlash(t));
    }

    /**
     * Issue 14: each '?' compiled to a 256-entry table (272 bytes a '?'), so 2 MiB of rules of
     * '?' held about 570 MB. A compiled pattern now holds two bytes a token. Measured as what the
     * thread allocates while compiling (before: over 1 MB for this pattern).
     */
    @Test
    void questionMarksAndSetsCostNoTables() {
        byte[] qmarks = "?".repeat(4093).getBytes(StandardCharsets.US_ASCII);
        byte[] sets = "[a-z]".repeat(818).getBytes(StandardCharsets.US_ASCII);
        for (byte[] p : List.of(qmarks, sets)) {
            Wildmatch.compile(p); // warm up
            long before = allocated();
            Wildmatch w = Wildmatch.compile(p);
            long used = allocated() - before;
            assertTrue(used < 6L * p.length + 1024, "compiling " + p.length + " bytes allocated " + used);
            assertEquals(p == qmarks ? 4093 : 818, w.tokenCount());
        }
        assertTrue(Wildmatch.compile(qmarks).matches("x".repeat(4093)));
        assertFalse(Wildmatch.compile(qmarks).matches("x".repeat(4092) + "/"));
        assertTrue(Wildmatch.compile(sets).matches("q".repeat(818)));
        assertFalse(Wildmatch.compile(sets).matches("q".repeat(817) + "Q"));
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** A name that keeps every state of a long pattern alive is refused, not matched for seconds. */
    @Test
    void matchingCostIsBoundedPerCheck() {
        Wildmatch w = Wildmatch.compile("*?".repeat(2046));
        byte[] name = "n".repeat(4000).getBytes(StandardCharsets.US_ASCII);
        MatchCost cost = new MatchCost(1 << 20); // this match would take about 12 million steps
        org.junit.jupiter.api.Assertions.assertThrows(FilterCostException.class, () -> w.matches(name, cost));
        // an ordinary pattern against the same name costs a few steps per byte
        assertFalse(Wildmatch.compile("*.o").matches(name, new MatchCost(3 * name.length)));
        assertTrue(Wildmatch.compile("**n").matchesAfterAnySlash(name, new MatchCost(4 * name.length)));
    }

    // ---- property: the state-set matcher agrees with a naive reference written from the docs ----

    @Property(tries = 3000)
    void agreesWithReference(@ForAll("patterns") String pattern, @ForAll("texts") String text) {
        boolean expected = Reference.match(pattern, 0, text, 0);
        assertEquals(expected, Wildmatch.compile(pattern).matches(text), () -> pattern + " vs " + text);
    }

    /** Starting after any slash in one pass is the same as trying every start on its own. */
    @Property(tries = 2000)
    void afterAnySlashIsEveryStart(@ForAll("patterns") String pattern, @ForAll("texts") String text) {
        boolean expected = Reference.match(pattern, 0, text, 0);
        for (int i = 0; i < text.length(); i++) {
            expected |= text.charAt(i) == '/' && Reference.match(pattern, 0, text, i + 1);
        }
        assertEquals(expected, Wildmatch.compile(pattern).matchesAfterAnySlash(
                text.getBytes(StandardCharsets.UTF_8)), () -> pattern + " vs " + text);
    }

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.of("a", "b", "/", "?", "*", "**", "***", "[ab]", "[!a]", "[^/]", "\\*", "[a-b]")
                .list().ofMaxSize(6).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.of('a', 'b', '/', '*').list().ofMaxSize(7).map(l -> {
            StringBuilder sb = new StringBuilder();
            l.forEach(sb::append);
            return sb.toString();
        });
    }

    /** Naive backtracking matcher for the subset above, straight from the documented rules. */
    static final class Reference {
        static boolean match(String p, int pi, String t, int ti) {
            if (pi == p.length()) {
                return ti == t.length();
            }
            char c = p.charAt(pi);
            if (c == '*') {
                int stars = 0;
                while (pi + stars < p.length() && p.charAt(pi + stars) == '*') {
                    stars++;
                }
                boolean crossSlash = stars >= 2;
                for (int k = ti; k <= t.length(); k++) {
                    if (match(p, pi + stars, t, k)) {
                        return true;
                    }
                    if (k < t.length() && t.charAt(k) == '/' && !crossSlash) {
                        return false;
                    }
                }
                return false;
            }
            if (ti == t.length()) {
                return false;
            }
            char x = t.charAt(ti);
            if (c == '?') {
                return x != '/' && match(p, pi + 1, t, ti + 1);
            }
            if (c == '\\') {
                return x == p.charAt(pi + 1) && match(p, pi + 2, t, ti + 1);
            }
            if (c == '[') {
                int close = p.indexOf(']', pi + 2);
                String body = p.substring(pi + 1, close);
                boolean negate = body.startsWith("!") || body.startsWith("^");
                if (negate) {
                    body = body.substring(1);
                }
                boolean in;
                if (body.length() == 3 && body.charAt(1) == '-') {
                    in = x >= body.charAt(0) && x <= body.charAt(2);
                } else {
                    in = body.indexOf(x) >= 0;
                }
                return x != '/' && in != negate && match(p, close + 1, t, ti + 1);
            }
            return x == c && match(p, pi + 1, t, ti + 1);
        }
    }
}
