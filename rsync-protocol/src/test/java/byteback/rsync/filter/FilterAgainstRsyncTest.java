package byteback.rsync.filter;

import byteback.testsupport.Trees;
import static org.junit.jupiter.api.Assertions.assertEquals;

import byteback.rsync.options.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Our filter decisions equal stock rsync's: for random rule lists, the names
 * {@code rsync -r -n --out-format=%n} would transfer from a fixed tree are exactly those our
 * FilterList includes (walking the tree, not entering excluded directories).
 */
class FilterAgainstRsyncTest {
    private static final String[] TREE = {
        "a", "b", "a.o", "x.c", "tmp/", "tmp/f", "dir/", "dir/a", "dir/a.o", "dir/sub/", "dir/sub/x.c",
        "dir/sub/tmp/", "dir/sub/tmp/y", "deep/", "deep/a/", "deep/a/b/", "deep/a/b/c", "foo/", "foo/bar",
        "xfoo/", "xfoo/bar", ".git/", ".git/config", "sp ace", "core", "q[1]", "dir2/", "dir2/a/", "dir2/a/b/",
        "dir2/a/b/c", "dir2/a/c", "dir2/sub/", "dir2/sub/b",
    };

    private static Path root;

    @BeforeContainer
    static void makeTree() throws IOException {
        root = Files.createTempDirectory("byteback-filter-oracle-");
        try {
            fillTree();
        } catch (IOException | RuntimeException e) {
            removeTree();
            throw e;
        }
    }

    private static void fillTree() throws IOException {
        Path src = root.resolve("src");
        Files.createDirectory(src);
        for (String n : TREE) {
            Path p = src.resolve(n);
            if (n.endsWith("/")) {
                Files.createDirectories(p);
            } else {
                Files.createDirectories(p.getParent());
                Files.writeString(p, "x");
            }
        }
    }

    @AfterContainer
    static void removeTree() throws IOException {
        if (root != null) {
            Trees.delete(root);
        }
    }

    @Provide
    Arbitrary<List<String>> ruleLists() {
        Arbitrary<String> prefix = Arbitraries.of("- ", "+ ", "-! ", "H ", "S ", "-p ", "exclude ", "+! ");
        Arbitrary<String> pattern = Arbitraries.of("*.o", "/a", "a", "dir/", "dir/***", "**/tmp", "sub/*.c",
                "/dir/sub", "*", "*/", "a/**/c", "[ab]", "?", "deep/**", "**/b/*", "foo/bar", "x*", "tmp/",
                "/tmp", "b/c", "**", "*/a", "dir/*/x.c", ".git/", "sp ace", "q\\[1]", "q[[]1]", "c", "/deep/a/b/c",
                "**/a/b", "d*/", "[!x]*", "core", "*/sub/");
        Arbitrary<String> rule = Arbitraries.oneOf(
                net.jqwik.api.Combinators.combine(prefix, pattern).as(String::concat),
                Arbitraries.just("!"));
        return rule.list().ofMinSize(1).ofMaxSize(5);
    }

    @Property(tries = 40)
    void sameAsRsync(@ForAll("ruleLists") List<String> rules) throws Exception {
        assertEquals(rsyncTransfers(rules), ourTransfers(rules), () -> "rules " + rules);
    }

    private static TreeSet<String> ourTransfers(List<String> rules) throws FilterException, IOException {
        FilterList f = FilterList.parse(rules, Role.SENDER, false);
        TreeSet<String> out = new TreeSet<>();
        out.add("./");
        walk(root.resolve("src"), "", f, out);
        return out;
    }

    private static void walk(Path dir, String rel, FilterList f, TreeSet<String> out) throws IOException {
        List<Path> children = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.forEach(children::add);
        }
        for (Path c : children) {
            String name = rel + c.getFileName();
            boolean isDir = Files.isDirectory(c);
            if (f.check(name, isDir) == Match.EXCLUDED) {
                continue;
            }
            out.add(isDir ? name + "/" : name);
            if (isDir) {
                walk(c, name + "/", f, out);
            }
        }
    }

    private static TreeSet<String> rsyncTransfers(List<String> rules) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("rsync", "-r", "-n", "--out-format=%n"));
        for (String r : rules) {
            cmd.add("--filter=" + r);
        }
        cmd.add(root.resolve("src") + "/");
        cmd.add(root.resolve("nonexistent-dest") + "/");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        assertEquals(0, rc, () -> "rsync failed: " + output);
        TreeSet<String> out = new TreeSet<>();
        for (String line : output.split("\n")) {
            if (!line.isEmpty()) {
                out.add(line);
            }
        }
        return out;
    }
}
