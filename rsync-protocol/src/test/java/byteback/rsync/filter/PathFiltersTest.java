package byteback.rsync.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.options.Role;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathFiltersTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void agreesWithWalkingDirectoryFilters() throws FilterException {
        Map<String, String> fs = new HashMap<>();
        fs.put(".f", "- *.log\n");
        fs.put("a/.f", "+ keep.log\n- /x\n");
        fs.put("a/b/c/.f", "- deep\n");
        List<String> reads = new ArrayList<>();
        MergeFileReader reader = (path, max) -> {
            String p = new String(path, StandardCharsets.UTF_8);
            reads.add(p);
            String c = fs.get(p);
            return c == null ? null : b(c);
        };
        FilterList list = FilterList.parse(List.of(": .f"), Role.RECEIVER, false);
        PathFilters pf = new PathFilters(list, reader);
        assertTrue(pf.isExcluded(b("top.log"), false));
        assertEquals(Match.INCLUDED, pf.check(b("a/keep.log"), false, false));
        assertTrue(pf.isExcluded(b("a/x"), false));
        assertFalse(pf.isExcluded(b("a/b/x"), false));
        assertTrue(pf.isExcluded(b("a/b/c/deep"), false));
        assertTrue(pf.isExcluded(b("a/b/c/d/e.log"), false));
        assertEquals(Match.INCLUDED, pf.check(b("a/b/c/d/keep.log"), false, false));
        // each merge file was read once however often its directory came up
        assertEquals(reads.size(), reads.stream().distinct().count(), reads.toString());
        // same answers as walking by hand
        DirectoryFilters abcd = list.root(reader).enter("a").enter("a/b").enter("a/b/c").enter("a/b/c/d");
        assertEquals(abcd.check("a/b/c/d/keep.log", false), pf.check(b("a/b/c/d/keep.log"), false, false));
    }

    @Test
    void withoutMergeRulesItIsTheList() throws FilterException {
        FilterList list = FilterList.parse(List.of("- *.o", "-p *.tmp"), Role.RECEIVER, false);
        PathFilters pf = new PathFilters(list, MergeFileReader.NONE);
        assertTrue(pf.isExcluded(b("x/y.o"), false));
        assertEquals(Match.NO_MATCH, pf.check(b("x/y.tmp"), false, true));
    }

    @Test
    void deepPathsAreIterative() throws FilterException {
        FilterList list = FilterList.parse(List.of(": .f"), Role.RECEIVER, false);
        PathFilters pf = new PathFilters(list, MergeFileReader.NONE);
        String deep = "d/".repeat(2000) + "f";
        assertFalse(pf.isExcluded(b(deep), false));
    }

    /**
     * Issue 14: merge files of up to 1 MiB in up to 128 kept directories could hold 128 MiB of
     * rules. What the kept directories hold is now bounded, and a directory whose rules in force
     * (inherited ones included) are too large is refused.
     */
    @Test
    void keptMergeRulesAreBoundedInTotal() throws FilterException {
        byte[] big = ("- " + "?".repeat(4000) + "\n").repeat(200).getBytes(StandardCharsets.US_ASCII); // ~800 KB
        FilterList list = FilterList.parse(List.of(":n .f"), Role.RECEIVER, false);
        List<String> reads = new ArrayList<>();
        MergeFileReader reader = (path, max) -> {
            reads.add(new String(path, StandardCharsets.UTF_8));
            return path.length > 2 ? big : null; // every directory but the root has one
        };
        PathFilters pf = new PathFilters(list, reader);
        for (int i = 0; i < 200; i++) {
            assertEquals(Match.NO_MATCH, pf.check(b("d" + i + "/x"), false, false));
            assertTrue(pf.keptWeight() <= PathFilters.MAX_KEPT_WEIGHT, "kept " + pf.keptWeight());
        }
        assertTrue(pf.kept() < 10, "kept " + pf.kept() + " directories of about 2.4 MB each");
        // inherited ('n' absent): the rules in force grow with depth until they are refused
        FilterList inheriting = FilterList.parse(List.of(": .f"), Role.RECEIVER, false);
        PathFilters deep = new PathFilters(inheriting, reader);
        FilterException e = org.junit.jupiter.api.Assertions.assertThrows(FilterException.class,
                () -> deep.check(b("a/b/c/d/x"), false, false));
        assertTrue(e.getMessage().contains("exceed"), e.getMessage());
    }
}
