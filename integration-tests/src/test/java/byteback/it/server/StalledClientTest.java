package byteback.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import byteback.server.ssh.ByteBackServer;
import byteback.server.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A client that starts a backup and then says nothing is cut off; its lock does not outlive it. */
class StalledClientTest {
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G",
            root -> ByteBackServer.Settings.of(new Store(root), 0).withIdleTimeout(Duration.ofSeconds(3)));

    @Test
    void aSilentClientIsDisconnectedAndTheNextBackupRuns() throws Exception {
        ClientKey key = ClientKey.create(server.scratch(), "quiet");
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
        Path src = server.scratch().resolve("src");
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
                Files.readString(server.root().resolve("quiet/current").resolve(src.toString().substring(1)).resolve("file")));
    }
}
