package byteback.it.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * status's disc use: an estimate while btrfs quotas are off, and with quotas on the kernel's own
 * figures, the same as {@code btrfs qgroup show --raw} prints (an independent reading).
 */
class DiscUseTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");

    @Test
    void quotaGroupsGiveExactFiguresAndWithoutThemAnEstimate() throws Exception {
        ClientKey key = Backups.key(server.scratch(), "web");
        server.enrol("web", key);
        Path src = Backups.tree(server.scratch().resolve("src"), 10, 6);
        Backups.backup(server.rsh(key), src).ok();
        assertEquals(0, server.ssh(key, "byteback-receive", "--complete").exit());
        Files.write(src.resolve("more"), new byte[2 << 20]);
        Backups.backup(server.rsh(key), src).ok();
        long apparent;
        try (var s = Files.walk(src)) {
            apparent = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }

        Map<String, String> estimate = Backups.statusJson(server.root());
        assertEquals("estimate", estimate.get("web.disc_use.method"), estimate.toString());
        assertEquals(Long.toString(apparent), estimate.get("web.disc_use.referenced_bytes"));
        assertEquals("true", estimate.get("web.disc_use.complete"));
        Cmd.Result cut = Backups.cli("status", "--root", server.root().toString(), "--estimate-limit", "3");
        assertTrue(cut.ok().out().contains(" >="), cut.toString());

        String root = server.root().toString();
        try {
            Cmd.run(List.of("btrfs", "quota", "enable", root)).ok();
            Cmd.run(List.of("btrfs", "quota", "rescan", "-w", root)).ok();
            Cmd.run(List.of("btrfs", "filesystem", "sync", root)).ok();
            Map<String, String> exact = Backups.statusJson(server.root());
            // btrfs's own report, per subvolume path: referenced and exclusive bytes
            Map<String, long[]> show = new HashMap<>();
            for (String line : Cmd.run(List.of("btrfs", "qgroup", "show", "--raw", root)).ok().out().split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].startsWith("0/")) show.put(f[3], new long[] {Long.parseLong(f[1]), Long.parseLong(f[2])});
            }
            String snapshot = exact.get("web.snapshots.oldest"); // the only one; the last backup has none yet
            long[] current = show.get("web/current");
            long[] snap = show.get("web/" + snapshot);
            assertTrue(current != null && snap != null, show.keySet() + " " + exact);
            assertEquals("qgroups", exact.get("web.disc_use.method"), exact.toString());
            assertEquals("true", exact.get("web.disc_use.complete"));
            assertEquals(Long.toString(current[0]), exact.get("web.disc_use.referenced_bytes"));
            assertEquals(Long.toString(current[1] + snap[1]), exact.get("web.disc_use.exclusive_bytes"));
            assertTrue(current[0] >= apparent, "referenced " + current[0] + " < the files' " + apparent);
            assertTrue(Backups.cli("status", "--root", root).ok().out().contains("from btrfs quota groups"));
        } finally {
            Cmd.run(List.of("btrfs", "quota", "disable", root));
        }
    }
}
