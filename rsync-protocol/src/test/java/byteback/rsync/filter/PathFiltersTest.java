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
}
