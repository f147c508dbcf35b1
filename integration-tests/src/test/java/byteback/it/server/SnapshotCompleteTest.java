package byteback.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import byteback.btrfs.Btrfs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** byteback-receive --complete: one read-only snapshot, then none for six hours. */
class SnapshotCompleteTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");

    private List<Path> snapshots(String client) throws Exception {
        try (Stream<Path> s = Files.list(server.root().resolve(client))) {
            return s.filter(p -> !p.getFileName().toString().equals("current")).sorted().toList();
        }
    }

    @Test
    void completeMakesExactlyOneReadOnlySnapshotThenRefusesPolitely() throws Exception {
        ClientKey key = ClientKey.create(server.scratch(), "web1");
        server.enrol("web1", key);
        Files.writeString(server.root().resolve("web1/current/file"), "backed up\n");

        assertEquals(0, server.ssh(key, "byteback-receive", "--ping", "--verbose").exit());
        Cmd.Result first = server.ssh(key, "byteback-receive", "--complete");
        assertEquals(0, first.exit(), first.toString());
        List<Path> snaps = snapshots("web1");
        assertEquals(1, snaps.size(), snaps.toString());
        Path snap = snaps.get(0);
        assertTrue(snap.getFileName().toString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d[+-]\\d{4}"), snap.toString());
        assertEquals("ro=true", Cmd.run(List.of("btrfs", "property", "get", snap.toString(), "ro")).ok().out().strip());
        assertTrue(Cmd.run(List.of("btrfs", "subvolume", "show", snap.toString())).ok().out().contains("readonly"));
        assertEquals("backed up\n", Files.readString(snap.resolve("file")));

        Cmd.Result second = server.ssh(key, "byteback-receive", "--complete");
        assertEquals(0, second.exit(), second.toString());
        assertTrue(second.out().contains("No snapshot taken") && second.out().contains("less than 6 h"), second.toString());
        assertEquals(1, snapshots("web1").size());
        assertTrue(new Btrfs().isSubvolume(server.root().resolve("web1/current")));
        assertEquals("backed up\n", Files.readString(server.root().resolve("web1/current/file")));
    }

    @Test
    void theCliListsAndTakesSnapshots() throws Exception {
        ClientKey key = ClientKey.create(server.scratch(), "db1");
        server.enrol("db1", key);
        String root = server.root().toString();
        assertEquals(0, server.cli("snapshot", "--root", root, "--name", "db1"));
        assertEquals(1, server.cli("snapshot", "--root", root, "--name", "db1"));
        assertEquals(0, server.cli("snapshot", "--root", root, "--name", "db1", "--min-interval", "0"));
        assertEquals(2, snapshots("db1").size());
        for (Path p : snapshots("db1")) assertTrue(new Btrfs().isReadOnly(p));
        assertEquals(0, server.cli("snapshots", "--root", root));
        assertEquals(0, server.cli("clients", "--root", root));
        assertEquals(2, server.cli("snapshot", "--root", root));
        assertEquals(1, server.cli("snapshot", "--root", root, "--name", "../x"));
    }
}
