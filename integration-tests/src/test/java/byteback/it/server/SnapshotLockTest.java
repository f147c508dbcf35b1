package byteback.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import byteback.it.support.ServerJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin CLI's {@code snapshot}, a separate process, sees the lock the running server holds
 * while it receives a backup of the client: it refuses and makes no snapshot; once the backup
 * has ended it snapshots. The lock is checked independently in the kernel's /proc/locks.
 */
class SnapshotLockTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");

    @Test
    void snapshotRefusesWhileABackupRuns() throws Exception {
        ClientKey key = ClientKey.create(server.scratch(), "busy");
        server.enrol("busy", key);
        Path lockFile = server.root().resolve(".byteback/locks/busy.lock");
        List<String> cmd = server.sshBase(key);
        cmd.addAll(List.of("byteback@127.0.0.1", "rsync", "--server", "-logDtpre.iLsfxCIvu", ".", "."));
        // a backup that has started and waits for its client: stdin stays open and silent
        Process backup = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        try {
            for (int i = 0; i < 300 && !locked(lockFile); i++) Thread.sleep(100);
            assertTrue(locked(lockFile), "the server holds the client's lock file during the backup");
            Cmd.Result refused = Cmd.run(ServerJar.command("snapshot", "--root", server.root().toString(),
                    "--name", "busy", "--min-interval", "0"), java.util.Map.of(), null, 120);
            assertNotEquals(0, refused.exit(), refused.toString());
            assertTrue((refused.out() + refused.err()).contains("running"), refused.toString());
            assertEquals(List.of(), snapshots("busy"), "no snapshot while the backup runs");
        } finally {
            backup.destroy();
            if (!backup.waitFor(30, TimeUnit.SECONDS)) backup.destroyForcibly().waitFor();
        }
        for (int i = 0; i < 300 && locked(lockFile); i++) Thread.sleep(100);
        Cmd.Result made = Cmd.run(ServerJar.command("snapshot", "--root", server.root().toString(),
                "--name", "busy", "--min-interval", "0"), java.util.Map.of(), null, 120);
        assertEquals(0, made.exit(), made.toString());
        assertEquals(1, snapshots("busy").size());
    }

    /**
     * Whether some process holds a POSIX lock on the file, as the kernel lists it in /proc/locks
     * ("1: POSIX ADVISORY WRITE 1234 00:2e:5678 0 EOF"). Matched on the inode number only: btrfs
     * reports a per-subvolume device in stat that differs from the one /proc/locks shows.
     */
    private static boolean locked(Path file) throws Exception {
        if (!Files.exists(file)) return false;
        String ino = ":" + Files.getAttribute(file, "unix:ino");
        for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
            String[] f = line.trim().split("\\s+");
            if (line.contains("POSIX") && f.length > 5 && f[5].endsWith(ino)) return true;
        }
        return false;
    }

    private List<Path> snapshots(String client) throws Exception {
        try (Stream<Path> s = Files.list(server.root().resolve(client))) {
            return s.filter(p -> !p.getFileName().toString().equals("current")).toList();
        }
    }
}
