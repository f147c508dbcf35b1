package byteback.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server as operators run it: java -jar byteback-server.jar serve, as an unprivileged user
 * that owns ROOT (a uid no account uses, through setpriv), enrolled by root with the CLI.
 */
class UnprivilegedServerTest {
    private static final int UID = 64000 + (int) (ProcessHandle.current().pid() % 1000);
    private LoopBtrfs fs;
    private Process server;
    private Path log;

    @BeforeEach
    void start() throws Exception {
        fs = new LoopBtrfs(1L << 30);
        Files.setPosixFilePermissions(fs.dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Cmd.run(List.of("chown", UID + ":" + UID, fs.mount.toString())).ok();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (server != null) {
                server.destroy();
                if (!server.waitFor(20, TimeUnit.SECONDS)) server.destroyForcibly().waitFor();
            }
        } finally {
            if (fs != null) fs.close();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private int serve() throws Exception {
        int port = freePort();
        List<String> cmd = new ArrayList<>(List.of("setpriv", "--reuid=" + UID, "--regid=" + UID, "--clear-groups", "--"));
        cmd.addAll(ServerJar.command("serve", "--root", fs.mount.toString(), "--port", String.valueOf(port), "--listen", "127.0.0.1"));
        log = fs.dir.resolve("server.log");
        server = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        for (int i = 0; i < 300; i++) {
            if (Files.exists(log) && Files.readString(log).contains("listening on")) return port;
            if (!server.isAlive()) break;
            Thread.sleep(100);
        }
        throw new AssertionError("server did not start: " + Files.readString(log));
    }

    @Test
    void servesAsTheUserThatOwnsRoot() throws Exception {
        int port = serve();
        ClientKey key = ClientKey.create(fs.dir, "plain");
        Cmd.run(ServerJar.command("enrol", "--root", fs.mount.toString(), "--name", "plain", "--key", key.pub().toString())).ok();
        for (Path p : List.of(fs.mount.resolve("plain"), fs.mount.resolve("plain/current"), fs.mount.resolve(".ssh"),
                fs.mount.resolve(".ssh/authorized_keys"), fs.mount.resolve(".byteback/ssh_host_ed25519_key"))) {
            assertEquals(UID, (Integer) Files.getAttribute(p, "unix:uid"), p + " should belong to the server's user");
        }
        List<String> ssh = new ArrayList<>(List.of("ssh", "-o", "StrictHostKeyChecking=no", "-o",
                "UserKnownHostsFile=" + fs.dir.resolve("kh"), "-o", "BatchMode=yes", "-i", key.file().toString(), "-p",
                String.valueOf(port), "byteback@127.0.0.1"));
        List<String> ping = new ArrayList<>(ssh);
        ping.addAll(List.of("byteback-receive", "--ping"));
        Cmd.run(ping).ok();
        Path src = fs.dir.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("data"), "stored by an unprivileged server\n");
        Cmd.run(List.of("rsync", "--archive", "--xattrs", "--numeric-ids", "--delete-excluded", "--delete-during",
                "--inplace", "--relative", "--timeout", "60", "--rsync-path", "rsync --fake-super", "-e",
                String.join(" ", ssh.subList(0, ssh.size() - 1)), src.toString(), "byteback@127.0.0.1:")).ok();
        Path stored = fs.mount.resolve("plain/current").resolve(src.toString().substring(1)).resolve("data");
        assertEquals("stored by an unprivileged server\n", Files.readString(stored));
        assertEquals(UID, (Integer) Files.getAttribute(stored, "unix:uid"));
        // owned by root on the client: fake-super keeps that in the xattr, the file belongs to the server's user
        assertTrue(Cmd.run(List.of("getfattr", "-n", "user.rsync.%stat", "--only-values", stored.toString())).ok().out()
                .endsWith(" 0:0"));
        List<String> complete = new ArrayList<>(ssh);
        complete.addAll(List.of("byteback-receive", "--complete"));
        Cmd.Result r = Cmd.run(complete).ok();
        assertTrue(r.out().contains("taken"), r.toString());
        String log = Files.readString(this.log);
        assertTrue(log.contains("snapshot client=plain made"), log);
        assertTrue(log.contains("exec client=plain address=127.0.0.1 command=\"byteback-receive --complete\""), log);
    }
}
