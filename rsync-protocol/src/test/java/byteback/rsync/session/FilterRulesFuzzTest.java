package byteback.rsync.session;

import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.filter.DirectoryFilters;
import byteback.rsync.filter.FilterCostException;
import byteback.rsync.filter.FilterException;
import byteback.rsync.filter.FilterList;
import byteback.rsync.fuzz.Fuzz;
import byteback.rsync.options.Role;
import byteback.rsync.wire.IoClock;
import byteback.rsync.wire.WireReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing (see {@link Fuzz}) of the filter rules a client sends (rsync: exclude.c
 * recv_filter_list, parse_filter_str) and of the per-directory merge files its tree holds: the
 * rules as read off the wire are parsed and compiled, the filters are entered for two nested
 * directories whose merge files hold the bytes after the rule list, and a few names are checked.
 * Allowed outcomes: an IOException (EOF, protocol error), a {@link FilterException} (rsync's
 * syntax error), a {@link FilterCostException} (rules too costly to match).
 */
class FilterRulesFuzzTest {
    /** Heap one input may take: the rules' 2 MiB on the wire, copied, parsed and compiled. */
    private static final long MAX_ALLOCATION = 64L << 20;

    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        seeds.add(rules(List.of("- *.o", "+ /home/***", "P .ssh", "- /tmp/", "-! */", "H *.bak", "S /var/lib/"),
                ""));
        seeds.add(rules(List.of(":n- .rsync-filter", "+ **/keep/", "- [a-z]?x*", "R /proc/**", "!", "- /x"),
                "- *.tmp\n+ keep/\n# comment\n;x\n-! */\nP ?cache?\n: .more\n- /abs/**/deep\n"));
        seeds.add(rules(List.of("dir-merge,- .cvsignore", "-C", "exclude /a/b/c", "include *.c", "clear",
                "-p /perishable", "- dir/"), "core\n*.swp\n#*\n"));
        return seeds;
    }

    private static byte[] rules(List<String> rules, String mergeFile) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (String r : rules) {
            byte[] bytes = r.getBytes(StandardCharsets.UTF_8);
            int32(b, bytes.length);
            b.writeBytes(bytes);
        }
        int32(b, 0);
        b.writeBytes(mergeFile.getBytes(StandardCharsets.UTF_8));
        return b.toByteArray();
    }

    private static void int32(ByteArrayOutputStream b, int v) {
        for (int i = 0; i < 4; i++) {
            b.write(v >>> (8 * i));
        }
    }

    static final Predicate<Throwable> DOCUMENTED =
            t -> t instanceof IOException || t instanceof FilterException || t instanceof FilterCostException;

    @BeforeAll
    static void jazzerSeeds() {
        Fuzz.jazzerSeeds(FilterRulesFuzzTest.class, "jazzerFilterRules", seeds());
    }

    @Test
    void mutatedFilterRules() {
        Fuzz.run("filter", seeds(), 10_000, DOCUMENTED, MAX_ALLOCATION, FilterRulesFuzzTest::decode);
    }

    @FuzzTest(maxDuration = Fuzz.JAZZER_DURATION)
    void jazzerFilterRules(byte[] input) {
        Fuzz.jazzer(input, DOCUMENTED, FilterRulesFuzzTest::decode);
    }

    static void decode(byte[] input) throws Exception {
        WireReader in = new WireReader(Fuzz.stream(input), new IoClock(), 4096);
        List<byte[]> wire = FilterRules.read(in);
        int consumed = 4;
        for (byte[] r : wire) {
            consumed += 4 + r.length;
        }
        byte[] mergeFile = Arrays.copyOfRange(input, consumed, input.length);
        FilterList list = FilterList.parseWire(wire, Role.RECEIVER, false);
        assertTrue(list.rules().size() <= FilterList.MAX_RULES);
        list.check("home/ann/x.o", false);
        list.check("tmp", true);
        DirectoryFilters root = list.root((path, max) -> {
            if (mergeFile.length > max) {
                throw new IOException("merge file too long");
            }
            return mergeFile;
        });
        root.check("abc.x", false);
        DirectoryFilters inner = root.enter("a").enter("a/keep");
        inner.check("a/keep/.cache.", false);
        inner.check("a/keep/sub", true);
    }
}
