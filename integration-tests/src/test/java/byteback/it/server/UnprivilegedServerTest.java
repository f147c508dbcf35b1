package byteback.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerJar;
import byteback.testsupport.LoopBtrfs;
import byteback.testsupport.SpareUser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server as operators run it: java -jar byteback-server.jar serve, as an unprivileged user
 * that owns ROOT (a uid no account uses, through setpriv), enrolled by root with the CLI.
 */
class UnprivilegedServerTest {
    private LoopBtrfs fs;
    private SpareUser user;
    private Path log;

    @BeforeEach
    void start() throws Exception {
        fs = LoopBtrfs.create("1G");
        user = new SpareUser();
        user.own(fs.mountPoint());
    }

    @AfterEach
    void stop() throws Exception {
        try (LoopBtrfs f = fs; SpareUser u = user) {
            // closes the user (ending its server) first, then the filesystem, also when one fails
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private int serve() throws Exception {
        int port = freePort();
        List<String> cmd = user.command(ServerJar.command("serve", "--root", fs.mountPoint().toString(), "--port",
                String.valueOf(port), "--listen", "127.0.0.1"));
        log = fs.dir().resolve("server.log");
        Process server = user.start(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()));
        // waits for the server's start-up line; the deadline only guards against a hang (a JVM on a
        // loaded machine can take long to start)
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log) && Files.readString(log).contains("listening on")) return port;
            if (!server.isAlive()) break;
            Thread.sleep(100);
        }
        throw new AssertionError("server did not start: " + Files.readString(log));
    }

    @Test
    void servesAsTheUserThatOwnsRoot() throws Exception {
        int port = serve();
        ClientKey key = ClientKey.create(fs.dir(), "plain");
        Cmd.run(ServerJar.command("enrol", "--root", fs.mountPoint().toString(), "--name", "plain", "--key", key.pub().toString())).ok();
        for (Path p : List.of(fs.mountPoint().resolve("plain"), fs.mountPoint().resolve("plain/current"), fs.mountPoint().resolve(".ssh"),
                fs.mountPoint().resolve(".ssh/authorized_keys"), fs.mountPoint().resolve(".byteback/ssh_host_ed25519_key"))) {
            assertEquals(user.uid, (Integer) Files.getAttribute(p, "unix:uid"), p + " should belong to the server's user");
        }
        List<String> ssh = new ArrayList<>(List.of("ssh", "-o", "StrictHostKeyChecking=no", "-o",
                "UserKnownHostsFile=" + fs.dir().resolve("kh"), "-o", "BatchMode=yes", "-i", key.file().toString(), "-p",
                String.valueOf(port), "byteback@127.0.0.1"));
        List<String> ping = new ArrayList<>(ssh);
        ping.addAll(List.of("byteback-receive", "--ping"));
        Cmd.run(ping).ok();
        Path src = fs.dir().resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("data"), "stored by an unprivileged server\n");
        Cmd.run(List.of("rsync", "--archive", "--xattrs", "--numeric-ids", "--delete-excluded", "--delete-during",
                "--inplace", "--relative", "--timeout", "60", "--rsync-path", "rsync --fake-super", "-e",
                String.join(" ", ssh.subList(0, ssh.size() - 1)), src.toString(), "byteback@127.0.0.1:")).ok();
        Path stored = fs.mountPoint().resolve("plain/current").resolve(src.toString().substring(1)).resolve("data");
        assertEquals("stored by an unprivileged server\n", Files.readString(stored));
        assertEquals(user.uid, (Integer) Files.getAttribute(stored, "unix:uid"));
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
