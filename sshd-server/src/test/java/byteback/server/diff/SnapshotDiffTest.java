package byteback.server.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import byteback.btrfs.Btrfs;
import byteback.testsupport.LoopBtrfs;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Snapshot diffs as root on a real btrfs, stored in fake-super form: the generations method and the
 * full walk find exactly the changes made, and the same ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SnapshotDiffTest {
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

    private static void xattr(Path p, String name, String value) throws IOException {
        Files.getFileAttributeView(p, UserDefinedFileAttributeView.class)
                .write(name, ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)));
    }

    private static void stat(Path p, String value) throws IOException {
        xattr(p, "rsync.%stat", value);
    }

    @Test
    void generationsAndWalkFindExactlyTheChanges() throws IOException {
        Path client = fs.path("client");
        Files.createDirectories(client);
        Path current = client.resolve("current");
        btrfs.createSubvolume(current);
        Files.createDirectories(current.resolve("etc/deep/er"));
        for (int i = 0; i < 500; i++) Files.writeString(current.resolve("etc/deep/f" + i), "unchanged " + i);
        Files.writeString(current.resolve("etc/content"), "12345");
        Files.writeString(current.resolve("etc/samesize"), "abcde");
        Files.writeString(current.resolve("etc/mode"), "m");
        Files.writeString(current.resolve("etc/owner"), "o");
        stat(current.resolve("etc/owner"), "100644 0,0 0:0");
        Files.writeString(current.resolve("etc/xattr"), "x");
        xattr(current.resolve("etc/xattr"), "keep", "1");
        Files.writeString(current.resolve("etc/link"), "target-a");
        stat(current.resolve("etc/link"), "120777 0,0 0:0");
        Files.writeString(current.resolve("etc/gone"), "bye");
        Files.writeString(current.resolve("etc/deep/er/gone-too"), "bye");
        Files.writeString(current.resolve("etc/touched"), "t");
        btrfs.sync(current);
        btrfs.snapshot(current, client.resolve("s1"), true);

        Files.writeString(current.resolve("etc/content"), "1234567");
        Files.writeString(current.resolve("etc/samesize"), "abXde"); // same size, same inode
        stat(current.resolve("etc/mode"), "104755 0,0 0:0");
        stat(current.resolve("etc/owner"), "100644 0,0 1000:100");
        xattr(current.resolve("etc/xattr"), "added", "2");
        Files.writeString(current.resolve("etc/link"), "target-b");
        Files.delete(current.resolve("etc/gone"));
        Files.delete(current.resolve("etc/deep/er/gone-too"));
        Files.delete(current.resolve("etc/deep/er"));
        Files.createDirectories(current.resolve("new/dir"));
        Files.writeString(current.resolve("new/dir/file"), "hello");
        Files.readString(current.resolve("etc/touched")); // an atime at most
        btrfs.snapshot(current, client.resolve("s2"), true);

        SnapshotDiff diff = new SnapshotDiff(btrfs);
        DiffResult fast = diff.diff(client.resolve("s1"), "s1", client.resolve("s2"), "s2", true);
        DiffResult walk = diff.diff(client.resolve("s1"), "s1", client.resolve("s2"), "s2", false);
        List<String> expected = List.of(
                "changed content 5 B -> 7 B, mtime|etc/content",
                "changed target target-a -> target-b, mtime|etc/link",
                "changed mode -rw-r--r-- -> -rwsr-xr-x|etc/mode",
                "changed owner 0:0 -> 1000:100|etc/owner",
                "changed content 5 B -> 5 B, mtime|etc/samesize",
                "changed xattrs +user.added|etc/xattr",
                "removed dir|etc/deep/er",
                "removed file 3 B|etc/deep/er/gone-too",
                "removed file 3 B|etc/gone",
                "added dir|new",
                "added dir|new/dir",
                "added file 5 B|new/dir/file");
        assertEquals(DiffResult.Method.GENERATIONS, fast.method());
        assertEquals(DiffResult.Method.WALK, walk.method());
        assertEquals(lines(walk), lines(fast));
        assertEquals(List.of("etc/content", "etc/deep/er", "etc/deep/er/gone-too", "etc/gone", "etc/link", "etc/mode",
                "etc/owner", "etc/samesize", "etc/xattr", "new", "new/dir", "new/dir/file"), paths(fast));
        for (String e : expected) {
            String[] want = e.split("\\|");
            assertEquals(1, lines(fast).stream().map(l -> l.replaceAll(" +", " "))
                    .filter(l -> l.startsWith(want[0]) && l.endsWith(" " + want[1])).count(), e + " in " + lines(fast));
        }

        // and from s2 to current (nothing) and back from s2 to s1 (walk: not the same lineage order)
        assertEquals(List.of(), diff.diff(client.resolve("s2"), "s2", current, "current", true).changes());
        DiffResult back = diff.diff(client.resolve("s2"), "s2", client.resolve("s1"), "s1", true);
        assertEquals(DiffResult.Method.WALK, back.method());
        assertEquals(12, back.changes().size());
    }

    private static List<String> lines(DiffResult r) {
        return r.changes().stream().map(DiffFormat::line).toList();
    }

    private static List<String> paths(DiffResult r) {
        return r.changes().stream().map(c -> DiffFormat.printable(c.path())).toList();
    }
}
