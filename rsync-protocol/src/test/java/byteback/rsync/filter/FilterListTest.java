package byteback.rsync.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.options.Role;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterListTest {

    private static FilterList receiver(String... rules) throws FilterException {
        return FilterList.parse(List.of(rules), Role.RECEIVER, false);
    }

    @Test
    void unanchoredNameRules() throws FilterException {
        FilterList f = receiver("- *.o");
        assertEquals(Match.EXCLUDED, f.check("c.o", false));
        assertEquals(Match.EXCLUDED, f.check("a/b/c.o", false));
        assertEquals(Match.EXCLUDED, f.check("a/b.o", true));
        assertEquals(Match.NO_MATCH, f.check("c.oo", false));
        assertEquals(Match.NO_MATCH, f.check("c.o/x", false));
        assertTrue(f.check("c.oo", false).included());
    }

    @Test
    void anchoredRules() throws FilterException {
        FilterList f = receiver("- /foo", "- /a/*/c");
        assertTrue(f.isExcluded("foo", false));
        assertFalse(f.isExcluded("x/foo", false));
        assertTrue(f.isExcluded("a/b/c", false));
        assertFalse(f.isExcluded("x/a/b/c", false));
        assertFalse(f.isExcluded("a/b/d/c", false));
    }

    @Test
    void directoryOnlyRules() throws FilterException {
        FilterList f = receiver("- foo/");
        assertTrue(f.isExcluded("a/foo", true));
        assertFalse(f.isExcluded("a/foo", false));
        assertEquals("foo", f.rules().get(0).pattern());
        assertEquals("- foo/", f.rules().get(0).toString());
    }

    @Test
    void infixSlashMatchesTrailingElements() throws FilterException {
        FilterList f = receiver("- foo/bar", "- x*/y");
        assertTrue(f.isExcluded("foo/bar", false));
        assertTrue(f.isExcluded("a/foo/bar", false));
        assertFalse(f.isExcluded("afoo/bar", false));
        assertTrue(f.isExcluded("q/xa/y", false));
        assertFalse(f.isExcluded("q/xa/b/y", false));
    }

    @Test
    void doubleStar() throws FilterException {
        FilterList f = receiver("- **/tmp", "- a/**/b", "- dir/***");
        assertTrue(f.isExcluded("tmp", false));
        assertTrue(f.isExcluded("x/y/tmp", false));
        assertTrue(f.isExcluded("a/x/b", false));
        assertTrue(f.isExcluded("q/a/x/y/b", false));
        assertFalse(f.isExcluded("a/b", false));
        assertTrue(f.isExcluded("dir", true));
        assertFalse(f.isExcluded("dir", false));
        assertTrue(f.isExcluded("dir/x/y", false));
        assertTrue(f.isExcluded("p/dir/x", false));
    }

    @Test
    void firstMatchWins() throws FilterException {
        FilterList f = receiver("+ */", "+ *.c", "- *");
        assertEquals(Match.INCLUDED, f.check("src", true));
        assertEquals(Match.INCLUDED, f.check("src/a.c", false));
        assertEquals(Match.EXCLUDED, f.check("src/a.h", false));
    }

    @Test
    void negation() throws FilterException {
        FilterList f = receiver("-! *.c");
        assertTrue(f.isExcluded("x.h", false));
        assertEquals(Match.NO_MATCH, f.check("x.c", false));
        // A negated directory-only rule applies to every non-directory
        FilterList d = receiver("-! keep/");
        assertTrue(d.isExcluded("file", false));
        assertFalse(d.isExcluded("keep", true));
    }

    @Test
    void sidesOnTheReceiver() throws FilterException {
        FilterList f = receiver("P precious", "R risky", "H hidden", "S shown", "-s sender", "-r recv",
                "-sr both", "protect kept", "risk gone", "hide h2", "show s2");
        assertTrue(f.isExcluded("precious", false));
        assertEquals(Match.INCLUDED, f.check("risky", false));
        assertEquals(Match.NO_MATCH, f.check("hidden", false));
        assertEquals(Match.NO_MATCH, f.check("shown", false));
        assertEquals(Match.NO_MATCH, f.check("sender", false));
        assertTrue(f.isExcluded("recv", false));
        assertTrue(f.isExcluded("both", false));
        assertTrue(f.isExcluded("kept", false));
        assertEquals(Match.INCLUDED, f.check("gone", false));
        assertEquals(Match.NO_MATCH, f.check("h2", false));
        assertEquals(6, f.rules().size());
    }

    @Test
    void sidesOnTheSender() throws FilterException {
        FilterList f = FilterList.parse(List.of("P precious", "H hidden", "- plain"), Role.SENDER, false);
        assertEquals(Match.NO_MATCH, f.check("precious", false));
        assertTrue(f.isExcluded("hidden", false));
        assertTrue(f.isExcluded("plain", false));
    }

    @Test
    void deleteExcludedMakesPlainRulesSenderOnly() throws FilterException {
        FilterList f = FilterList.parse(List.of("- *.o", "+ keep.o", "-r *.tmp", "P *.db"), Role.RECEIVER, true);
        assertEquals(Match.NO_MATCH, f.check("a.o", false));
        assertTrue(f.isExcluded("x.tmp", false));
        assertTrue(f.isExcluded("x.db", false));
        assertEquals(2, f.rules().size());
    }

    @Test
    void clearAndWordsAndSeparators() throws FilterException {
        FilterList f = receiver("- a", "!", "- b");
        assertFalse(f.isExcluded("a", false));
        assertTrue(f.isExcluded("b", false));
        assertTrue(receiver("- a", "clear", "exclude c").isExcluded("c", false));
        assertEquals(0, receiver("- a", "clear").rules().size());
        assertTrue(receiver("include x", "exclude *").check("x", false) == Match.INCLUDED);
        assertTrue(receiver("-_under score").isExcluded("under score", false));
        assertTrue(receiver("- lead space").isExcluded("lead space", false));
        assertTrue(receiver("-  two").isExcluded(" two", false));
        assertTrue(receiver("exclude,/ x").rules().get(0).toString().startsWith("-/"));
        assertTrue(receiver("-, y").isExcluded("y", false));
    }

    @Test
    void perishable() throws FilterException {
        FilterList f = receiver("-p *.swp", "- keep");
        assertTrue(f.isExcluded("a.swp", false));
        assertEquals(Match.NO_MATCH, f.check("a.swp", false, true));
        assertEquals(Match.EXCLUDED, f.check("keep", false, true));
    }

    @Test
    void xattrRules() throws FilterException {
        FilterList f = receiver("-x user.secret", "- user.secret2");
        assertTrue(f.isXattrExcluded("user.secret"));
        assertFalse(f.isExcluded("user.secret", false));
        assertFalse(f.isXattrExcluded("user.secret2"));
        assertTrue(f.isExcluded("user.secret2", false));
    }

    @Test
    void cvsRule() throws FilterException {
        FilterList f = receiver("-C");
        assertTrue(f.isExcluded("a/b.o", false));
        assertTrue(f.isExcluded("x/.git", true));
        assertFalse(f.isExcluded("x/.git", false));
        assertTrue(f.isExcluded("core", false));
        assertFalse(f.isExcluded("main.c", false));
        // the default list is perishable
        assertEquals(Match.NO_MATCH, f.check("b.o", false, true));
    }

    @Test
    void namesAreBytes() throws FilterException {
        // '?' is one byte, as in rsync: "a?b" does not match the two-byte UTF-8 "é"
        assertFalse(receiver("- a?b").isExcluded("a\u00e9b", false));
        assertTrue(receiver("- a??b").isExcluded("a\u00e9b", false));
        byte[] latin1 = {'a', (byte) 0xff, 'b'};
        assertTrue(receiver("- a?b").isExcluded(latin1, false));
        assertTrue(receiver("- a*").isExcluded(latin1, false));
        assertFalse(receiver("- a\u00ffb").isExcluded(latin1, false));
        // rules that are not UTF-8 match byte for byte
        FilterList wire = FilterList.parseWire(List.of(new byte[] {'-', ' ', 'a', (byte) 0xff, 'b'},
                new byte[] {'-', ' ', '[', (byte) 0xfe, ']'}), Role.RECEIVER, false);
        assertTrue(wire.isExcluded(latin1, false));
        assertTrue(wire.isExcluded(new byte[] {(byte) 0xfe}, false));
        assertFalse(wire.isExcluded(new byte[] {(byte) 0xfd}, false));
        assertFalse(wire.isExcluded("a\u00ffb", false));
        // merge files and directories that are not UTF-8
        byte[] dir = {'d', (byte) 0xff};
        MergeFileReader reader = (path, max) -> java.util.Arrays.equals(path,
                new byte[] {'d', (byte) 0xff, '/', '.', 'f'}) ? new byte[] {'-', ' ', '/', (byte) 0xfe} : null;
        DirectoryFilters d = FilterList.parse(List.of(": .f"), Role.RECEIVER, false).root(reader).enter(dir);
        assertTrue(d.isExcluded(new byte[] {'d', (byte) 0xff, '/', (byte) 0xfe}, false));
        assertFalse(d.isExcluded(new byte[] {'d', (byte) 0xff, '/', 'x', '/', (byte) 0xfe}, false));
    }

    @Test
    void emptyNameNeverMatches() throws FilterException {
        assertEquals(Match.NO_MATCH, receiver("-! x").check("", false));
    }

    @Test
    void malformedRulesGiveRsyncsMessages() {
        assertMessage("Unknown filter rule: x foo", "x foo");
        assertMessage("Unknown filter rule: excludes foo", "excludes foo");
        assertMessage("invalid modifier 'q' at position 1 in filter rule: -q foo", "-q foo");
        assertMessage("invalid modifier 'f' at position 1 in filter rule: -foo", "-foo");
        assertMessage("invalid modifier 'e' at position 1 in filter rule: -e foo", "-e foo");
        assertMessage("invalid modifier 'r' at position 1 in filter rule: Pr foo", "Pr foo");
        assertMessage("invalid modifier '!' at position 1 in filter rule: :! foo", ":! foo");
        assertMessage("unexpected end of filter rule: +", "+");
        assertMessage("unexpected end of filter rule: - ", "- ");
        assertMessage("'!' rule has trailing characters: ! x", "! x");
        assertThrows(FilterException.class, () -> receiver(". /etc/passwd"));
        assertThrows(FilterException.class, () -> receiver("merge /etc/passwd"));
    }

    private static void assertMessage(String message, String rule) {
        FilterException e = assertThrows(FilterException.class, () -> receiver(rule));
        assertEquals(message, e.getMessage());
    }

    @Test
    void hostileSizes() {
        List<String> many = new ArrayList<>(Collections.nCopies(FilterList.MAX_RULES + 1, "- x"));
        assertThrows(FilterException.class, () -> FilterList.parse(many, Role.RECEIVER, false));
        String longRule = "- " + "x".repeat(FilterList.MAX_RULE_BYTES);
        assertThrows(FilterException.class, () -> receiver(longRule));
        assertThrows(FilterException.class, () -> receiver("- " + "y".repeat(RuleParser.MAX_PATTERN_LENGTH)));
        assertThrows(FilterException.class, () -> receiver("- a\0b"));
        List<String> big = new ArrayList<>(Collections.nCopies(1000, "- " + "z".repeat(4000)));
        assertThrows(FilterException.class, () -> FilterList.parse(big, Role.RECEIVER, false));
    }

    // ---------------- per-directory merge files ----------------

    private static MergeFileReader files(Map<String, String> contents) {
        return (path, max) -> {
            String c = contents.get(new String(path, StandardCharsets.UTF_8));
            return c == null ? null : c.getBytes(StandardCharsets.UTF_8);
        };
    }

    @Test
    void dirMergeInheritsDownTheTree() throws FilterException {
        Map<String, String> fs = new HashMap<>();
        fs.put(".rsync-filter", "# comment\n- *.log\n; another comment\n");
        fs.put("a/.rsync-filter", "- /local\n+ keep.log\r\n");
        FilterList f = receiver(": /.rsync-filter", "- .rsync-filter");
        assertTrue(f.hasPerDirMerge());
        DirectoryFilters root = f.root(files(fs));
        assertTrue(root.isExcluded("x.log", false));
        assertFalse(root.isExcluded("local", false));
        DirectoryFilters a = root.enter("a");
        assertEquals("a", a.directory());
        assertTrue(a.isExcluded("a/x.log", false));
        assertEquals(Match.INCLUDED, a.check("a/keep.log", false));
        assertTrue(a.isExcluded("a/local", false));
        assertFalse(a.isExcluded("a/b/local", false));
        assertTrue(a.isExcluded("a/.rsync-filter", false));
        DirectoryFilters ab = a.enter("a/b");
        assertEquals(Match.INCLUDED, ab.check("a/b/keep.log", false));
        assertTrue(ab.isExcluded("a/b/z.log", false));
        // the root scope is unchanged
        assertEquals(Match.EXCLUDED, root.check("keep.log", false));
        // without a scope, merge rules contribute nothing
        assertEquals(Match.NO_MATCH, f.check("x.log", false));
    }

    @Test
    void dirMergeModifiers() throws FilterException {
        Map<String, String> fs = new HashMap<>();
        fs.put(".ex", "one two\n");
        fs.put("d/.ex", "three\n");
        fs.put("d/.cvsignore", "*.bak tmp");
        FilterList f = receiver(":n-e .ex", ":C");
        DirectoryFilters root = f.root(files(fs));
        assertTrue(root.isExcluded("one two", false));
        assertTrue(root.isExcluded(".ex", false));
        DirectoryFilters d = root.enter("d");
        assertFalse(d.isExcluded("d/one two", false)); // 'n': not inherited
        assertTrue(d.isExcluded("d/three", false));
        assertTrue(d.isExcluded("d/x.bak", false));
        assertTrue(d.isExcluded("d/tmp", false));
        FilterList plus = receiver(":+ .in");
        DirectoryFilters p = plus.root(files(Map.of(".in", "foo")));
        assertEquals(Match.INCLUDED, p.check("foo", false));
    }

    @Test
    void dirMergeClearDropsInherited() throws FilterException {
        Map<String, String> fs = new HashMap<>();
        fs.put(".f", "- a\n");
        fs.put("d/.f", "!\n- b\n");
        DirectoryFilters d = receiver(": .f").root(files(fs)).enter("d");
        assertFalse(d.isExcluded("d/a", false));
        assertTrue(d.isExcluded("d/b", false));
    }

    @Test
    void dirMergeSidesAndDeleteExcluded() throws FilterException {
        Map<String, String> fs = Map.of(".f", "- plain\nP prot\nH hide\n");
        DirectoryFilters normal = receiver(": .f").root(files(fs));
        assertTrue(normal.isExcluded("plain", false));
        assertTrue(normal.isExcluded("prot", false));
        assertFalse(normal.isExcluded("hide", false));
        DirectoryFilters de = FilterList.parse(List.of(": .f"), Role.RECEIVER, true).root(files(fs));
        assertFalse(de.isExcluded("plain", false));
        assertTrue(de.isExcluded("prot", false));
    }

    @Test
    void dirMergeRejectsNestedMerges() {
        Map<String, String> fs = Map.of(".f", ". /etc/passwd\n");
        FilterException e = assertThrows(FilterException.class, () -> receiver(": .f").root(files(fs)));
        assertFalse(e.getMessage().contains("passwd"), e.getMessage());
    }

    @Test
    void mergeFileErrorsDoNotEchoContents() {
        Map<String, String> fs = Map.of("d/.f", "secret-line-contents\n");
        FilterException e = assertThrows(FilterException.class,
                () -> receiver(": .f").root(files(fs)).enter("d"));
        assertEquals("Unknown filter rule: <rule from d/.f line 1>", e.getMessage());
    }

    /**
     * Issue 14: matching costs rules x pattern length per name. 512 rules built to keep every
     * state alive against a long name are refused with FilterCostException instead of costing
     * seconds per name; an honest list against the same name is unaffected.
     */
    @Test
    void costlyRulesAreRefusedPerName() throws FilterException {
        List<String> costly = new ArrayList<>();
        for (int i = 0; i < 512; i++) {
            costly.add("- " + "*?".repeat(2046));
        }
        FilterList f = FilterList.parse(costly, Role.RECEIVER, false);
        String name = "n".repeat(255);
        org.junit.jupiter.api.Assertions.assertThrows(FilterCostException.class, () -> f.check(name, false));
        FilterList honest = receiver("- *.o", "+ /home/", "- /tmp/", "- **/cache/***", "P /keep");
        assertEquals(Match.NO_MATCH, honest.check(name, false));
        assertEquals(Match.EXCLUDED, honest.check("a/cache/" + name, false));
    }
}
