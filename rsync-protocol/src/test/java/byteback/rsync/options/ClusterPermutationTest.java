package byteback.rsync.options;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * However the client groups its short letters, and whether it spells an option short or long,
 * the parse is the same.
 */
class ClusterPermutationTest {
    /** Short letters a receiving server accepts, with their long spellings. */
    private static final String LETTERS = "vqlogDtpXrRHAScxzWIOdC";

    @Provide
    Arbitrary<List<Character>> letterBags() {
        return Arbitraries.of(LETTERS.chars().mapToObj(c -> (char) c).toArray(Character[]::new))
                .list().ofMinSize(1).ofMaxSize(14);
    }

    @Property(tries = 400)
    void groupingAndSpellingDoNotMatter(@ForAll("letterBags") List<Character> letters, @ForAll long seed) {
        List<Character> sorted = new ArrayList<>(letters);
        sorted.sort(Comparator.naturalOrder());
        List<String> canonical = new ArrayList<>(List.of("--server", "-" + join(sorted) + "e.iLsfxCIvu", ".", "d"));

        Random rnd = new Random(seed);
        List<Character> shuffled = new ArrayList<>(letters);
        java.util.Collections.shuffle(shuffled, rnd);
        List<String> args = new ArrayList<>();
        args.add("--server");
        StringBuilder cluster = new StringBuilder();
        for (char c : shuffled) {
            RsyncOption o = RsyncOption.byShortName(c);
            int choice = rnd.nextInt(3);
            if (choice == 0 && o.longName != null) {
                args.add("--" + o.longName);
            } else if (choice == 1 && cluster.length() > 0) {
                args.add("-" + cluster);
                cluster.setLength(0);
                cluster.append(c);
            } else {
                cluster.append(c);
            }
        }
        if (rnd.nextBoolean()) {
            cluster.append("e.iLsfxCIvu");
            args.add("-" + cluster);
        } else {
            if (cluster.length() > 0) {
                args.add("-" + cluster);
            }
            args.add(rnd.nextBoolean() ? "--rsh=.iLsfxCIvu" : "-e.iLsfxCIvu");
        }
        // positional arguments may come anywhere
        int at = 1 + rnd.nextInt(args.size());
        args.add(at, ".");
        args.add(at + 1, "d");
        assertEquals(outcome(canonical), outcome(args), () -> args + " vs " + canonical);
    }

    private static String join(List<Character> cs) {
        StringBuilder sb = new StringBuilder();
        cs.forEach(sb::append);
        return sb.toString();
    }

    /** Every accessor's value, or the refusal. */
    static String outcome(List<String> args) {
        try {
            return describe(ServerOptions.parse(args));
        } catch (OptionException e) {
            return "refused: " + (e.getMessage().contains("unknown option") ? "unknown" : e.getMessage());
        }
    }

    static String describe(ServerOptions o) {
        TreeMap<String, Object> values = new TreeMap<>();
        for (Method m : ServerOptions.class.getMethods()) {
            if (m.getParameterCount() == 0 && !Modifier.isStatic(m.getModifiers())
                    && m.getDeclaringClass() == ServerOptions.class && !m.getName().equals("toString")) {
                try {
                    Object v = m.invoke(o);
                    values.put(m.getName(), v instanceof byte[] b ? Arrays.toString(b) : String.valueOf(v));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(e);
                }
            }
        }
        return values.toString();
    }
}
