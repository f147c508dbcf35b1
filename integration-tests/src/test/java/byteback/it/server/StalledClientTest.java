package byteback.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.server.ssh.ByteBackServer;
import byteback.server.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A client that starts a backup and then says nothing is cut off; its lock does not outlive it. */
class StalledClientTest {
    private LoopBtrfs fs;
    private ServerUnderTest server;

    @BeforeEach
    void start() throws Exception {
        fs = new LoopBtrfs(1L << 30);
        server = new ServerUnderTest(fs.mount, fs.dir,
                ByteBackServer.Settings.of(new Store(fs.mount), 0).withIdleTimeout(Duration.ofSeconds(3)));
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (server != null) server.close();
        } finally {
            if (fs != null) fs.close();
        }
    }

    @Test
    void aSilentClientIsDisconnectedAndTheNextBackupRuns() throws Exception {
        ClientKey key = ClientKey.create(fs.dir, "quiet");
        server.enrol("quiet", key);
        List<String> cmd = server.sshBase(key);
        cmd.addAll(List.of("byteback@127.0.0.1", "rsync", "--server", "-logDtpXrRe.iLsfxCIvu", ".", "."));
        // stdin stays open and silent: the server waits for the protocol version that never comes
        Process stalled = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            assertTrue(stalled.waitFor(60, TimeUnit.SECONDS), "the server should cut off a silent client");
        } finally {
            stalled.destroyForcibly().waitFor();
        }
        Path src = fs.dir.resolve("src");
        Files.createDirectories(src);
        Files.writeString(src.resolve("file"), "after the stall\n");
        List<String> rsync = new ArrayList<>(List.of("rsync", "--archive", "--xattrs", "--numeric-ids", "--relative",
                "--timeout", "60", "--rsync-path", "rsync --fake-super", "-e", server.rsh(key), src.toString(),
                "byteback@127.0.0.1:"));
        Cmd.Result r = null;
        for (int i = 0; i < 50; i++) {
            r = Cmd.run(rsync, Map.of(), null, 60);
            if (r.exit() == 0 || !r.err().contains("already running")) break;
            Thread.sleep(200);
        }
        assertEquals(0, r.exit(), r.toString());
        assertEquals("after the stall\n",
                Files.readString(fs.mount.resolve("quiet/current").resolve(src.toString().substring(1)).resolve("file")));
    }
}
