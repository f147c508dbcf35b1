package byteback.rsync.filter;

import byteback.testsupport.Trees;
import static org.junit.jupiter.api.Assertions.assertEquals;

import byteback.rsync.options.Role;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-directory merge files on the receiving side, against stock rsync: the destination holds
 * extraneous files and merge files; {@code rsync -r --delete} from a source with the same
 * directories and nothing else deletes exactly the files our PathFilters do not protect.
 */
class DirMergeAgainstRsyncTest {
    private static final String[] DIRS = {"a", "a/b", "a/b/c", "z"};
    private static final String[] FILES = {"x.log", "keep.log", "deep", "x", "p.db", "tmp.swp", "other"};

    private Path root;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createTempDirectory("byteback-dirmerge-oracle-");
    }

    @AfterEach
    void tearDown() throws IOException {
        Trees.delete(root);
    }

    @Test
    void rsyncFilterFilesWithDelete() throws Exception {
        scenario(List.of("--delete", "-FF"), List.of(": /.rsync-filter", "- .rsync-filter"), false,
                Map.of(".rsync-filter", "- *.log\n", "a/.rsync-filter", "+ keep.log\n- /x\n",
                        "a/b/c/.rsync-filter", "- deep\nP p.db\n"));
    }

    @Test
    void deleteExcludedKeepsOnlyProtectRules() throws Exception {
        scenario(List.of("--delete", "--delete-excluded", "-FF"), List.of(": /.rsync-filter", "- .rsync-filter"),
                true, Map.of(".rsync-filter", "- *.log\nP p.db\n", "a/b/.rsync-filter", "-r x\nR p.db\n"));
    }

    @Test
    void noInheritAndClear() throws Exception {
        scenario(List.of("--delete", "--filter=:n .f", "--filter=- .f"), List.of(":n .f", "- .f"), false,
                Map.of(".f", "- other\n- x\n", "a/.f", "- deep\n", "a/b/.f", "!\n- keep.log\n"));
    }

    private void scenario(List<String> rsyncArgs, List<String> wireRules, boolean deleteExcluded,
            Map<String, String> mergeFiles) throws Exception {
        Path src = root.resolve("src");
        Path dst = root.resolve("dst");
        Files.createDirectories(src);
        Files.createDirectories(dst);
        List<String> extraneous = new ArrayList<>();
        for (String d : DIRS) {
            Files.createDirectories(src.resolve(d));
            Files.createDirectories(dst.resolve(d));
        }
        for (String d : concat("", DIRS)) {
            for (String f : FILES) {
                String rel = d.isEmpty() ? f : d + "/" + f;
                Files.writeString(dst.resolve(rel), "x");
                extraneous.add(rel);
            }
        }
        for (Map.Entry<String, String> m : mergeFiles.entrySet()) {
            Files.writeString(dst.resolve(m.getKey()), m.getValue());
        }

        // what we predict survives: the merge files (excluded by the wire rules) and protected files
        FilterList list = FilterList.parse(wireRules, Role.RECEIVER, deleteExcluded);
        MergeFileReader reader = (path, max) -> {
            Path p = dst.resolve(new String(path, StandardCharsets.UTF_8));
            try {
                return Files.isRegularFile(p) ? Files.readAllBytes(p) : null;
            } catch (NoSuchFileException e) {
                return null;
            }
        };
        PathFilters filters = new PathFilters(list, reader);
        TreeSet<String> expected = new TreeSet<>();
        for (String rel : extraneous) {
            if (filters.isExcluded(rel.getBytes(StandardCharsets.UTF_8), false)) {
                expected.add(rel);
            }
        }
        for (String m : mergeFiles.keySet()) {
            if (filters.isExcluded(m.getBytes(StandardCharsets.UTF_8), false)) {
                expected.add(m);
            }
        }

        List<String> cmd = new ArrayList<>(List.of("rsync", "-r"));
        cmd.addAll(rsyncArgs);
        cmd.add(src + "/");
        cmd.add(dst + "/");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);

        TreeSet<String> survivors = new TreeSet<>();
        try (Stream<Path> s = Files.walk(dst)) {
            s.filter(Files::isRegularFile).forEach(f -> survivors.add(dst.relativize(f).toString()));
        }
        assertEquals(expected, survivors);
        // the scenario protects some extraneous files and deletes others
        long kept = extraneous.stream().filter(expected::contains).count();
        org.junit.jupiter.api.Assertions.assertTrue(kept > 0 && kept < extraneous.size(),
                kept + " of " + extraneous.size() + " kept");
    }

    private static List<String> concat(String first, String[] rest) {
        List<String> l = new ArrayList<>();
        l.add(first);
        l.addAll(List.of(rest));
        return l;
    }
}
