package byteback.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TreeSnapshotTest {
    private Path root;

    @BeforeEach
    void setUp() throws Exception {
        root = Files.createTempDirectory("snapshot");
        Files.createDirectories(root.resolve("d"));
        Files.writeString(root.resolve("d/f"), "content");
        Files.createLink(root.resolve("link"), root.resolve("d/f"));
        Files.createSymbolicLink(root.resolve("sym"), Path.of("d/f"));
        Files.writeString(root.resolve("new\nline"), "x");
        run("setfattr", "-n", "user.a", "-v", "1", root.resolve("d/f").toString());
        run("setfattr", "-n", "trusted.t", "-v", "2", root.resolve("new\nline").toString());
    }

    @AfterEach
    void tearDown() throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void run(String... cmd) throws Exception {
        assertEquals(0, new ProcessBuilder(cmd).inheritIO().start().waitFor(), List.of(cmd).toString());
    }

    @Test
    void recordsEverythingAndComparesEqual() throws Exception {
        TreeSnapshot a = TreeSnapshot.of(root);
        TreeSnapshot b = TreeSnapshot.of(root);
        assertEquals("", a.diff(b));
        assertEquals(a, b);
        assertEquals("0x31", a.entries().get("d/f").xattrs().get("user.a"));
        assertEquals("0x32", a.entries().get("new\nline").xattrs().get("trusted.t"));
        assertEquals('l', a.entries().get("sym").type());
        assertEquals(1, a.hardLinkGroups().size());
    }

    @Test
    void xattrsUnderTiesEachXattrToItsRelativePath() throws Exception {
        var before = TreeSnapshot.xattrsUnder(root);
        assertEquals("{user.a=0x31}", before.get("d/f").toString());
        assertEquals("{trusted.t=0x32}", before.get("new\nline").toString());
        assertEquals(3, before.size(), "entries without xattrs are left out: " + before);
        assertEquals("{user.a=0x31}", before.get("link").toString());
        assertTrue(!before.containsKey("sym"), "a symlink's own xattrs, not its target's: " + before);
        // the same names and values on other files: a sorted dump of all lines would not see the move
        run("setfattr", "-x", "user.a", root.resolve("d/f").toString());
        run("setfattr", "-n", "user.a", "-v", "1", root.resolve("new\nline").toString());
        run("setfattr", "-x", "trusted.t", root.resolve("new\nline").toString());
        run("setfattr", "-n", "trusted.t", "-v", "2", root.resolve("d/f").toString());
        var after = TreeSnapshot.xattrsUnder(root);
        assertTrue(!before.equals(after), after.toString());
        assertEquals("{trusted.t=0x32}", after.get("d/f").toString());
    }

    @Test
    void reportsEachDifference() throws Exception {
        TreeSnapshot before = TreeSnapshot.of(root);
        Files.setLastModifiedTime(root.resolve("d/f"), FileTime.fromMillis(1000));
        run("setfattr", "-x", "user.a", root.resolve("d/f").toString());
        Files.delete(root.resolve("link"));
        Files.writeString(root.resolve("extra"), "e");
        String diff = before.diff(TreeSnapshot.of(root));
        assertTrue(diff.contains("differs d/f"), diff);
        assertTrue(diff.contains("missing link"), diff);
        assertTrue(diff.contains("unexpected extra"), diff);
        assertTrue(diff.contains("hard links differ"), diff);
    }
}
