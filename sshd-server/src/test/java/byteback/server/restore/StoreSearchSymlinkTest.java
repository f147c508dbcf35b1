package byteback.server.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import byteback.rsync.store.Store;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real symlink in the store is an entry, never a directory: no pattern form leads through it. */
class StoreSearchSymlinkTest {
    @TempDir
    Path tmp;

    @Test
    void symlinksAreNeverFollowed() throws Exception {
        Path outside = tmp.resolve("outside");
        Files.createDirectories(outside.resolve("etc"));
        Files.writeString(outside.resolve("etc/secret"), "s");
        Path client = tmp.resolve("client");
        Files.createDirectories(client.resolve("current/home"));
        Files.writeString(client.resolve("current/home/mine"), "m");
        Files.createSymbolicLink(client.resolve("current/home/link"), outside);
        Files.createSymbolicLink(client.resolve("current/up"), Path.of("../../outside"));
        Files.createSymbolicLink(client.resolve("snaplink"), outside);
        for (String p : List.of("/home/link/etc/secret", "/home/*/etc/*", "/**/secret", "/**/*", "/up/etc/secret", "/{home/link,up}/**/*")) {
            for (String snap : List.of("*", "snaplink", "current")) {
                for (String found : find(client, snap, p)) {
                    assertEquals(false, found.contains("secret") || found.contains("etc"), p + " in " + snap + " found " + found);
                }
            }
        }
        assertEquals(List.of("current/home/link", "current/home/mine"), find(client, "*", "/home/*"));
        assertEquals(List.of(), find(client, "snaplink", "/*"));
    }

    @Test
    void tooManyCopiesIsAClearRefusal() throws Exception {
        Path client = tmp.resolve("many");
        Files.createDirectories(client.resolve("current/d"));
        for (int i = 0; i < 20; i++) Files.writeString(client.resolve("current/d/f" + i), "x");
        try (Store store = Store.open(client)) {
            PatternException e = assertThrows(PatternException.class, () -> new StoreSearch(store, 10, w -> { })
                    .find(SnapshotPattern.ALL, List.of(PathPattern.compile("/d/*".getBytes()))));
            assertEquals(true, e.getMessage().contains("narrow the pattern"), e.getMessage());
        }
    }

    private static List<String> find(Path client, String snap, String pattern) throws Exception {
        List<String> out = new ArrayList<>();
        try (Store store = Store.open(client)) {
            for (StoredVersion v : new StoreSearch(store, 1000, w -> { }).find(SnapshotPattern.of(snap),
                    List.of(PathPattern.compile(pattern.getBytes(StandardCharsets.UTF_8))))) {
                out.add(v.snapshot() + new String(v.path(), StandardCharsets.UTF_8));
            }
        }
        out.sort(null);
        return out;
    }
}
