package byteback.rsync.flist;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The file-list order against an independent statement of rsync's rules (protocol 29+): walk the
 * names component by component; at the first difference a non-directory's final component sorts
 * before any directory component; two files compare bytewise, two directories compare as if
 * their names ended in '/'; a directory sorts right before its contents; "." sorts first.
 */
class FileNameOrderProperties {

    record Name(String path, boolean dir) {
        FileEntry entry() {
            return FileNameOrderProperties.entry(path, dir);
        }

        /** With the directory name shared with other entries of the same directory, as received. */
        FileEntry shared(Map<String, byte[]> dirs) {
            FileEntry e = entry();
            if (e.dirname != null) {
                e.dirname = dirs.computeIfAbsent(new String(e.dirname, StandardCharsets.UTF_8),
                        k -> e.dirname);
            }
            return e;
        }

        @Override
        public String toString() {
            return path + (dir ? "/" : "");
        }
    }

    static FileEntry entry(String path, boolean dir) {
        FileEntry e = new FileEntry();
        byte[] b = path.getBytes(StandardCharsets.UTF_8);
        int slash = path.lastIndexOf('/');
        if (slash >= 0) {
            byte[] d = path.substring(0, slash).getBytes(StandardCharsets.UTF_8);
            e.dirname = d;
            e.basename = Arrays.copyOfRange(b, d.length + 1, b.length);
        } else {
            e.basename = b;
        }
        e.mode = dir ? FileEntry.S_IFDIR | 0755 : FileEntry.S_IFREG | 0644;
        return e;
    }

    /** The oracle. */
    static int oracle(Name a, Name b) {
        List<byte[]> ca = components(a);
        List<byte[]> cb = components(b);
        for (int i = 0; ; i++) {
            if (i == ca.size() && i == cb.size()) {
                return 0;
            }
            if (i == ca.size()) {
                return -1;
            }
            if (i == cb.size()) {
                return 1;
            }
            boolean fileA = !a.dir && i == ca.size() - 1;
            boolean fileB = !b.dir && i == cb.size() - 1;
            if (fileA != fileB) {
                return fileA ? -1 : 1;
            }
            if (Arrays.equals(ca.get(i), cb.get(i))) {
                continue;
            }
            if (fileA) {
                return Arrays.compareUnsigned(ca.get(i), cb.get(i));
            }
            return Arrays.compareUnsigned(slash(ca.get(i)), slash(cb.get(i)));
        }
    }

    private static byte[] slash(byte[] c) {
        byte[] r = Arrays.copyOf(c, c.length + 1);
        r[c.length] = '/';
        return r;
    }

    private static List<byte[]> components(Name n) {
        List<byte[]> r = new ArrayList<>();
        if (n.path.equals(".")) {
            return r;
        }
        for (String c : n.path.split("/")) {
            r.add(c.getBytes(StandardCharsets.UTF_8));
        }
        if (n.dir && n.path.endsWith("/.")) {
            r.remove(r.size() - 1);
        }
        return r;
    }

    @Provide
    Arbitrary<Name> names() {
        Arbitrary<String> component = Arbitraries.strings().withChars("ab.-_ \u00e9~")
                .ofMinLength(1).ofMaxLength(3).filter(s -> !s.equals(".") && !s.equals(".."));
        Arbitrary<String> path = component.list().ofMinSize(1).ofMaxSize(4)
                .map(l -> String.join("/", l));
        Arbitrary<Name> ordinary = Combinators.combine(path, Arbitraries.of(true, false))
                .as(Name::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, ordinary),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Name(".", true))),
                net.jqwik.api.Tuple.of(1, path.map(p -> new Name(p + "/.", true))));
    }

    @Provide
    Arbitrary<List<Name>> nameLists() {
        return names().list().ofMaxSize(40);
    }

    @Property(tries = 3000)
    void comparisonFollowsRsyncsRules(@ForAll("names") Name a, @ForAll("names") Name b) {
        int got = Integer.signum(FileNameOrder.compare(a.entry(), b.entry()));
        assertEquals(Integer.signum(oracle(a, b)), got, a + " vs " + b);
        assertEquals(-got, Integer.signum(FileNameOrder.compare(b.entry(), a.entry())),
                "antisymmetric: " + a + " vs " + b);
        Map<String, byte[]> dirs = new HashMap<>();
        assertEquals(got, Integer.signum(FileNameOrder.compare(a.shared(dirs), b.shared(dirs))),
                "shared directory names: " + a + " vs " + b);
    }

    @Property(tries = 3000)
    void entriesOfOneDirectory(@ForAll("names") Name a, @ForAll("names") Name b) {
        int slash = a.path.lastIndexOf('/');
        String dir = slash < 0 ? "" : a.path.substring(0, slash + 1);
        Name b2 = new Name(dir + b.path.substring(b.path.lastIndexOf('/') + 1), b.dir);
        Map<String, byte[]> dirs = new HashMap<>();
        assertEquals(Integer.signum(oracle(a, b2)),
                Integer.signum(FileNameOrder.compare(a.shared(dirs), b2.shared(dirs))),
                a + " vs " + b2);
    }

    @Property(tries = 300)
    void sortingMatchesTheOracle(@ForAll("nameLists") List<Name> input, @ForAll long seed) {
        List<Name> distinct = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Name n : input) {
            String key = n.dir ? n.path.replaceAll("/\\.$", "") + "/" : n.path;
            if (seen.add(key)) {
                distinct.add(n);
            }
        }
        Collections.shuffle(distinct, new Random(seed));
        List<FileEntry> entries = new ArrayList<>();
        Map<String, byte[]> dirs = new HashMap<>();
        for (Name n : distinct) {
            entries.add(seed % 2 == 0 ? n.entry() : n.shared(dirs));
        }
        FileNameOrder.sort(entries);
        List<Name> expected = new ArrayList<>(distinct);
        expected.sort(FileNameOrderProperties::oracle);
        List<String> got = new ArrayList<>();
        for (FileEntry e : entries) {
            got.add(nameOf(e));
        }
        assertEquals(expected.stream().map(Name::toString).toList(), got);
    }

    private static String nameOf(FileEntry e) {
        String s = (e.dirname == null ? "" : new String(e.dirname, StandardCharsets.UTF_8) + "/")
                + new String(e.basename, StandardCharsets.UTF_8);
        return s + (e.isDirectory() ? "/" : "");
    }

    @Example
    void knownOrder() {
        List<FileEntry> l = new ArrayList<>(List.of(entry("b", true), entry("a/x", false),
                entry("a", true), entry("z", false), entry(".", true), entry("a.b", true),
                entry("a-c", false), entry("b/.", true)));
        FileNameOrder.sort(l);
        assertEquals(List.of("./", "a-c", "z", "a.b/", "a/", "a/x", "b/", "b/./"),
                l.stream().map(FileNameOrderProperties::nameOf).toList());
    }
}
