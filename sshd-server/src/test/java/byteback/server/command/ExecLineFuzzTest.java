package byteback.server.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing of the SSH exec command line (the first bytes an authenticated, maybe hostile, client
 * controls): valid command lines as real clients send them, mutated at random (characters
 * inserted from the shell's special set, deleted, spans duplicated or swapped, quotes cut), fed to
 * {@link ExecParser}. It either returns a request or refuses with a {@link CommandSyntaxException};
 * nothing else is thrown, nothing hangs, and what it accepts has no NUL in any word.
 * Long runs: {@link #manyMutatedCommandLines} (bench/README.md).
 */
class ExecLineFuzzTest {
    /** What clients send: stock rsync, the original byteback scripts, the client jar, enrolment. */
    static final List<String> SEEDS = List.of(
            "rsync --server -logDtpre.iLsfxCIvu . .",
            "rsync --fake-super --server -vlogDtpre.iLsfxCIvu --delete-during --numeric-ids --inplace . /",
            "rsync --server -re.LsfxCIvu --timeout=120 --filter='P .ssh' . 'dir name/'",
            "rsync --server --sender -logDtprze.iLsfxCIvu . current/etc/",
            "rsync --server --sender -vlogDtpre.iLsfxC . \"2026-11-26T21:30+0000/home/a b\"",
            "byteback-receive --ping",
            "byteback-receive --complete --verbose",
            "byteback-receive --list --all --snapshot \\* '/etc/**/*.conf'",
            "byteback-receive --list --snapshot '2026-11-26T21:30+0000' 'a{b,c}' '[x]?'",
            "byteback-receive --diff 2026-11-26T21:30+0000 2026-11-27T21:30+0000",
            "byteback-restore --snapshot '*' --all --server --sender -logDtpr . /etc",
            "byteback-setup-client-receive host1 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE1 comment",
            "byteback-setup-client-receive 'host 2' \"ssh-rsa AAAAB3Nza\" x\\ y");

    private static final String INTERESTING = "'\"\\ \t\n\r\0$`|&;<>()*?[]{}!~#=-./%+,:@^";

    @Provide
    Arbitrary<String> mutatedLines() {
        return Arbitraries.longs().map(seed -> mutate(new Random(seed)));
    }

    static String mutate(Random r) {
        StringBuilder b = new StringBuilder(SEEDS.get(r.nextInt(SEEDS.size())));
        int edits = 1 + r.nextInt(r.nextInt(8) + 1);
        for (int e = 0; e < edits; e++) {
            int at = b.length() == 0 ? 0 : r.nextInt(b.length() + 1);
            switch (r.nextInt(7)) {
                case 0, 1 -> b.insert(at, INTERESTING.charAt(r.nextInt(INTERESTING.length())));
                case 2 -> b.insert(at, (char) r.nextInt(r.nextBoolean() ? 128 : 0x10000));
                case 3 -> { if (at < b.length()) b.deleteCharAt(at); }
                case 4 -> { // duplicate a span (grows lines towards the length limit now and then)
                    int end = Math.min(b.length(), at + r.nextInt(40));
                    String span = b.substring(at, end);
                    int times = r.nextInt(20) == 0 ? 4000 : 1 + r.nextInt(3);
                    if (!span.isEmpty()) times = Math.min(times, Math.max(0, 200_000 - b.length()) / span.length());
                    b.insert(at, span.repeat(times));
                }
                case 5 -> { // swap two spans
                    int to = b.length() == 0 ? 0 : r.nextInt(b.length());
                    int lo = Math.min(at, to);
                    int hi = Math.max(at, to);
                    if (hi < b.length()) {
                        char c = b.charAt(lo);
                        b.setCharAt(lo, b.charAt(hi));
                        b.setCharAt(hi, c);
                    }
                }
                default -> b.setLength(Math.min(b.length(), at)); // cut: unterminated quotes and escapes
            }
        }
        return b.toString();
    }

    @Property
    void mutatedCommandLinesAreParsedOrRefusedCleanly(@ForAll("mutatedLines") String line) {
        check(line);
    }

    /**
     * The same without jqwik's bookkeeping, for long runs: {@code -Dbyteback.fuzz.inputs=10000000}
     * (default 20 000 in ./test.sh); {@code -Dbyteback.fuzz.seed=S} repeats a run.
     */
    @Test
    void manyMutatedCommandLines() {
        long inputs = Long.getLong("byteback.fuzz.inputs", 20_000);
        long seed = Long.getLong("byteback.fuzz.seed", System.nanoTime());
        long started = System.nanoTime();
        for (long i = 0; i < inputs; i++) {
            String line = mutate(new Random(seed + i));
            try {
                check(line);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("input " + i + " of the run with -Dbyteback.fuzz.seed=" + seed + ": "
                        + line.substring(0, Math.min(line.length(), 300)).replace("\0", "<NUL>"), e);
            }
        }
        System.out.printf("ExecLineFuzzTest: %d inputs (seed %d) in %.1f s, no failure%n", inputs, seed,
                (System.nanoTime() - started) / 1e9);
    }

    private static void check(String line) {
        try {
            ExecRequest request = ExecParser.parse(line);
            assertTrue(request != null);
            for (String w : ShellWords.split(line)) {
                assertFalse(w.indexOf('\0') >= 0, w); // quoted line breaks are file-name characters, NUL is not
            }
        } catch (CommandSyntaxException refused) {
            assertTrue(refused.getMessage() != null && !refused.getMessage().isEmpty());
        }
    }

    @Property
    void seedsStayAccepted(@ForAll("seeds") String line) throws Exception {
        ExecRequest request = ExecParser.parse(line);
        assertEquals(request.getClass(), ExecParser.parse(line).getClass());
    }

    @Provide
    Arbitrary<String> seeds() {
        return Arbitraries.of(SEEDS);
    }
}
