package byteback.it.prune;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.btrfs.Btrfs;
import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import byteback.server.prune.GrowthLimit;
import byteback.server.prune.GrowthWindow;
import byteback.server.prune.PruneService;
import byteback.server.prune.PruneSettings;
import byteback.server.ssh.ByteBackServer;
import byteback.server.store.Store;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The size guard counts metadata (issue 14 item 6): over real SSH, with stock rsync into the real
 * server on a loop btrfs, three clients that earlier stored 64 KiB each send a flood of empty
 * files, of empty directories, and of files carrying 3 000-byte xattrs, while an honest client
 * backs up a tree of real data beside them. Each flood is stopped by the growth window (its
 * floor here 4 MiB, so that thousands of entries suffice; the disc is far from full, so only the
 * window can stop them) with the guard's message to its rsync and in its status record; the
 * honest backup completes and stores all its files; nobody's snapshot is pruned; allow-growth
 * lets one flood through.
 */
class MetadataFloodTest {
    private static final long FLOOR = 4L << 20;
    private static final int FLOOD = 20_000;
    private static final int XATTR_FILES = 3_000;
    private static final int XATTR_BYTES = 3_000;

    private PruneService pruning;

    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G", root -> {
        pruning = new PruneService(root, new Btrfs(), new PruneService.Settings(PruneSettings.DEFAULTS,
                Duration.ZERO, new GrowthLimit(2.0, FLOOR), GrowthWindow.DEFAULT), Clock.systemUTC());
        return new ByteBackServer.Settings(new Store(root), "127.0.0.1", 0, Duration.ZERO, Duration.ofMinutes(5),
                null, pruning, Clock.systemUTC());
    });

    private Cmd.Result backup(ClientKey key, Path source) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("rsync", "--archive", "--xattrs", "--numeric-ids",
                "--delete-excluded", "--delete-during", "--inplace", "--relative", "--timeout", "120",
                "--rsync-path", "rsync --fake-super", "-e", server.rsh(key), source + "/./", "byteback@127.0.0.1:"));
        return Cmd.run(cmd, Map.of(), null, 600);
    }

    private ClientKey client(String name, Path source) throws Exception {
        ClientKey key = ClientKey.create(server.scratch(), name);
        server.enrol(name, key);
        Files.createDirectories(source);
        byte[] first = new byte[64 << 10];
        new Random(name.hashCode()).nextBytes(first);
        Files.write(source.resolve("first"), first);
        backup(key, source).ok();
        server.ssh(key, "byteback-receive", "--complete").ok();
        return key;
    }

    private List<String> snapshots() throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> clients = Files.list(server.root())) {
            for (Path c : clients.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                try (Stream<Path> s = Files.list(c)) {
                    s.filter(p -> !p.getFileName().toString().equals("current"))
                            .forEach(p -> all.add(server.root().relativize(p).toString()));
                }
            }
        }
        return new ArrayList<>(new TreeSet<>(all));
    }

    private static long entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.count() - 1;
        }
    }

    @Test
    void floodsOfEmptyFilesDirectoriesAndXattrsAreStoppedWhileAnHonestBackupCompletes() throws Exception {
        Path scratch = server.scratch();
        Path honestSrc = scratch.resolve("src-honest");
        Files.createDirectories(honestSrc.resolve("data"));
        Random random = new Random(14);
        for (int i = 0; i < 40; i++) {
            byte[] data = new byte[256 << 10];
            random.nextBytes(data);
            Files.write(honestSrc.resolve("data/file-" + i), data);
        }
        ClientKey honest = client("honest", honestSrc);
        List<String> kinds = List.of("files", "dirs", "xattrs");
        List<ClientKey> keys = new ArrayList<>();
        for (String kind : kinds) {
            keys.add(client(kind, scratch.resolve("src-" + kind)));
        }
        Files.createDirectories(scratch.resolve("src-files/flood"));
        Files.createDirectories(scratch.resolve("src-dirs/flood"));
        Files.createDirectories(scratch.resolve("src-xattrs/flood"));
        for (int i = 0; i < FLOOD; i++) {
            Files.createFile(scratch.resolve("src-files/flood/f" + i));
            Files.createDirectory(scratch.resolve("src-dirs/flood/d" + i));
        }
        byte[] blob = new byte[XATTR_BYTES];
        for (int i = 0; i < XATTR_FILES; i++) {
            Path f = Files.createFile(scratch.resolve("src-xattrs/flood/x" + i));
            random.nextBytes(blob);
            Files.getFileAttributeView(f, UserDefinedFileAttributeView.class).write("blob", ByteBuffer.wrap(blob));
        }
        // without the xattrs, the xattr flood would stay under the floor: only its xattrs can stop it
        assertTrue(XATTR_FILES * byteback.rsync.store.MetadataCost.entry(5) < FLOOR);
        // the honest client's day's changes: 20 files rewritten, 10 new
        for (int i = 20; i < 50; i++) {
            byte[] data = new byte[256 << 10];
            random.nextBytes(data);
            Files.write(honestSrc.resolve("data/file-" + i), data);
        }
        List<String> before = snapshots();
        assertEquals(4, before.size(), before::toString);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Cmd.Result> floods = new ArrayList<>();
        Cmd.Result honestRun;
        try {
            List<Future<Cmd.Result>> runs = new ArrayList<>();
            for (int i = 0; i < kinds.size(); i++) {
                ClientKey k = keys.get(i);
                Path src = scratch.resolve("src-" + kinds.get(i));
                runs.add(pool.submit(() -> backup(k, src)));
            }
            Future<Cmd.Result> honestFuture = pool.submit(() -> backup(honest, honestSrc));
            for (Future<Cmd.Result> f : runs) {
                floods.add(f.get(15, TimeUnit.MINUTES));
            }
            honestRun = honestFuture.get(15, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }

        honestRun.ok();
        server.ssh(honest, "byteback-receive", "--complete").ok();
        for (int i = 0; i < 50; i++) {
            assertArrayEquals(Files.readAllBytes(honestSrc.resolve("data/file-" + i)),
                    Files.readAllBytes(server.root().resolve("honest/current/data/file-" + i)), "file-" + i);
        }

        for (int i = 0; i < kinds.size(); i++) {
            String kind = kinds.get(i);
            Cmd.Result r = floods.get(i);
            System.out.println(kind + " flood: " + r);
            assertNotEquals(0, r.exit(), () -> kind + " flood went through: " + r);
            assertTrue(r.err().contains("grown by") && r.err().contains("allow-growth")
                    && r.err().contains("--name " + kind), () -> kind + ": the client is told why and how: " + r);
            Path flood = server.root().resolve(kind + "/current/flood");
            long stored = Files.isDirectory(flood) ? entries(flood) : 0;
            long wanted = kind.equals("xattrs") ? XATTR_FILES : FLOOD;
            assertTrue(stored < wanted, kind + ": stopped part way: " + stored + " of " + wanted);
            String status = Files.readString(server.root().resolve(".byteback/status/" + kind));
            assertTrue(status.contains("grown by"), () -> kind + ": the refusal is on record: " + status);
            System.out.printf("%s flood stopped after %d of %d entries%n", kind, stored, wanted);
        }

        pruning.tick();
        List<String> after = snapshots();
        assertTrue(after.containsAll(before), "nothing was pruned: " + before + " -> " + after);
        assertEquals(before.size() + 1, after.size(), "the honest client's new snapshot: " + after);

        // the administrator accepts the growth of one: its retry goes through
        assertEquals(0, server.cli("allow-growth", "--root", server.root().toString(), "--name", "files"));
        backup(keys.get(0), scratch.resolve("src-files")).ok();
        assertEquals(FLOOD, entries(server.root().resolve("files/current/flood")));
        server.ssh(keys.get(0), "byteback-receive", "--complete").ok();
        assertTrue(snapshots().containsAll(after), "still nothing pruned");
    }
}
