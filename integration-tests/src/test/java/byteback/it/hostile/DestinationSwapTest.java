package byteback.it.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 14 item 3, server side: the backup's destination ROOT/client/current/DEST is opened once,
 * step by step from ROOT without following symlinks, and the receiver works beneath that
 * descriptor. A directory on the way swapped for a symlink after the server has answered the
 * client (while the client's handshake and file list are still to come, a moment the client
 * controls) must not redirect a single write out of the store.
 *
 * <p>Played over real SSH with stock rsync: its remote shell is a wrapper that lets the server's
 * first bytes through (so the server has opened the destination), then holds the client's bytes
 * until the test has swapped ROOT/alpha/current/dest for a symlink to a directory outside the store.
 */
class DestinationSwapTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");

    @Test
    void aDestinationSwappedForASymlinkMidSessionIsNotFollowed() throws Exception {
        ClientKey key = ClientKey.create(server.scratch(), "k");
        server.enrol("alpha", key);
        Path src = server.scratch().resolve("src");
        Files.createDirectories(src.resolve("sub"));
        Files.writeString(src.resolve("payload"), "ssh-ed25519 AAAA attacker\n");
        Files.writeString(src.resolve("sub/more"), "more\n");
        Path outside = server.scratch().resolve("outside");
        Files.createDirectories(outside);

        Path gate = server.scratch().resolve("gate");
        Path spoke = server.scratch().resolve("spoke");
        Cmd.run(List.of("mkfifo", gate.toString())).ok();
        Path wrapper = server.scratch().resolve("held-ssh");
        // the client's bytes wait for a line on the gate; the server's first 4 bytes (its protocol
        // version, written after it has opened the destination) are passed on, then 'spoke'
        // appears. ssh is exec'd (the filters are process substitutions), so the wrapper ends
        // when ssh does: rsync waits for its remote shell before it closes its own output.
        Files.writeString(wrapper, "#!/bin/bash\n"
                + "exec " + server.rsh(key) + " \"$@\""
                + " < <(IFS= read -r _ < '" + gate + "'; exec cat)"
                + " > >(dd bs=1 count=4 2>/dev/null; : > '" + spoke + "'; exec cat)\n");
        Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwx------"));

        Path current = server.root().resolve("alpha/current");
        Process rsync = new ProcessBuilder("rsync", "-a", "--timeout", "60", "-e", wrapper.toString(),
                src + "/", "byteback@127.0.0.1:dest").redirectErrorStream(true)
                .redirectOutput(server.scratch().resolve("rsync.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.exists(spoke) && rsync.isAlive() && System.nanoTime() < deadline) Thread.sleep(10);
            assertTrue(Files.exists(spoke), "the server never answered: " + log());
            assertTrue(Files.isDirectory(current.resolve("dest")), "the server made the destination");

            // the swap: the destination moves aside, a symlink to outside the store takes its name
            Files.move(current.resolve("dest"), current.resolve("dest.moved"));
            Files.createSymbolicLink(current.resolve("dest"), outside);
            Files.writeString(gate, "go\n");

            assertTrue(rsync.waitFor(120, TimeUnit.SECONDS), "rsync did not finish");
        } finally {
            rsync.descendants().forEach(ProcessHandle::destroyForcibly);
            rsync.destroyForcibly();
        }
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(List.of(), s.toList(), "nothing may be written outside the store: " + log());
        }
        assertEquals(0, rsync.exitValue(), log());
        // the data went where the server had opened: the directory that is now dest.moved
        assertEquals("ssh-ed25519 AAAA attacker\n", Files.readString(current.resolve("dest.moved/payload")));
        assertEquals("more\n", Files.readString(current.resolve("dest.moved/sub/more")));
        assertTrue(Files.isSymbolicLink(current.resolve("dest")), "the symlink is left as it was");
    }

    @Test
    void aDestinationThroughAStoredSymlinkIsRefused() throws Exception {
        ClientKey key = ClientKey.create(server.scratch(), "k");
        server.enrol("alpha", key);
        Path outside = server.scratch().resolve("outside");
        Files.createDirectories(outside);
        Path current = server.root().resolve("alpha/current");
        Files.createSymbolicLink(current.resolve("evil"), outside); // as a backup of a symlink stores it
        Path src = server.scratch().resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("payload"), "x\n");

        Cmd.Result r = Cmd.run(List.of("rsync", "-a", "--timeout", "60", "-e", server.rsh(key), src + "/",
                "byteback@127.0.0.1:evil/deeper"));
        assertTrue(r.exit() != 0, r.toString());
        assertTrue((r.out() + r.err()).contains("destination evil/deeper is not a directory in your store"), r.toString());
        try (Stream<Path> s = Files.list(outside)) {
            assertEquals(List.of(), s.toList());
        }
    }

    private String log() throws Exception {
        return Files.readString(server.scratch().resolve("rsync.log"));
    }
}
