package byteback.btrfs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.testsupport.LoopBtrfs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** {@link Btrfs#changedInodes} and {@link Btrfs#inodePaths} as root on a real loop-mounted btrfs. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChangedInodesTest {
    private LoopBtrfs fs;
    private final Btrfs btrfs = new Btrfs();

    @BeforeAll
    void mount() throws IOException {
        fs = LoopBtrfs.create("256M", true);
    }

    @AfterAll
    void unmount() throws IOException {
        if (fs != null) fs.close();
    }

    private static long ino(Path p) throws IOException {
        return (Long) Files.getAttribute(p, "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    @Test
    void findsExactlyTheInodesChangedSinceASnapshot() throws IOException {
        Path current = fs.path("c1/current");
        Files.createDirectories(current.getParent());
        btrfs.createSubvolume(current);
        Files.createDirectories(current.resolve("d/e"));
        for (int i = 0; i < 2000; i++) Files.writeString(current.resolve("d/f" + i), "file " + i);
        Files.writeString(current.resolve("d/e/content"), "old");
        Files.writeString(current.resolve("d/e/mode"), "same");
        Files.writeString(current.resolve("d/e/gone"), "bye");
        Files.writeString(current.resolve("d/e/linked"), "two names");
        btrfs.sync(current); // else these writes share the snapshot's transaction, and count as changed
        Path s1 = fs.path("c1/s1");
        btrfs.snapshot(current, s1, true);

        Files.writeString(current.resolve("d/e/content"), "new!");
        Files.setPosixFilePermissions(current.resolve("d/e/mode"), PosixFilePermissions.fromString("rwx------"));
        Files.delete(current.resolve("d/e/gone"));
        Files.writeString(current.resolve("d/new"), "hello");
        Files.createLink(current.resolve("d/e/second"), current.resolve("d/e/linked"));
        Path s2 = fs.path("c1/s2");
        btrfs.snapshot(current, s2, true);

        long since = btrfs.info(s1).createdTransid();
        assertTrue(since > 0);
        Map<Long, ChangedInode> changed = btrfs.changedInodes(s2, since);

        ChangedInode content = changed.get(ino(s2.resolve("d/e/content")));
        assertTrue(content != null && content.dataChanged(), "rewritten file: " + content);
        ChangedInode mode = changed.get(ino(s2.resolve("d/e/mode")));
        assertTrue(mode != null && !mode.dataChanged(), "chmod only: " + mode);
        assertEquals(0100700, mode.mode());
        assertTrue(changed.containsKey(ino(s2.resolve("d/new"))));
        assertTrue(changed.get(ino(s2.resolve("d/e"))).isDirectory(), "directory that lost and gained names");
        assertTrue(changed.containsKey(ino(s2.resolve("d"))));
        assertTrue(changed.containsKey(ino(s2.resolve("d/e/linked"))));
        assertFalse(changed.containsKey(ino(s2.resolve("d/f17"))), "untouched file");
        assertTrue(changed.size() < 20, "only a few of 2000 files: " + changed.size());

        Set<String> names = btrfs.inodePaths(s2, ino(s2.resolve("d/e/linked"))).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).collect(Collectors.toCollection(TreeSet::new));
        assertEquals(Set.of("d/e/linked", "d/e/second"), names);
        assertEquals(List.of("d/new"), btrfs.inodePaths(s2, ino(s2.resolve("d/new"))).stream()
                .map(b -> new String(b, StandardCharsets.UTF_8)).toList());

        // nothing changed since s2 was taken
        Map<Long, ChangedInode> none = btrfs.changedInodes(s2, btrfs.info(s2).createdTransid() + 1);
        assertTrue(none.isEmpty(), "nothing after s2: " + none);
    }
}
