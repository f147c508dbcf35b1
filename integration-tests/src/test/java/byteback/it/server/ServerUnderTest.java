package byteback.it.server;

import byteback.server.cli.Main;
import byteback.server.ssh.ByteBackServer;
import byteback.server.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The byteback server started in-process on a free port over a ROOT, with helpers to reach it
 * with OpenSSH's ssh and to run the admin CLI.
 */
final class ServerUnderTest implements AutoCloseable {
    final Path root;
    final Path knownHosts;
    private ByteBackServer server;

    ServerUnderTest(Path root, Path scratch) throws IOException {
        this(root, scratch, ByteBackServer.Settings.of(new Store(root), 0));
    }

    ServerUnderTest(Path root, Path scratch, ByteBackServer.Settings settings) throws IOException {
        this.root = root;
        this.knownHosts = scratch.resolve("known_hosts-" + System.nanoTime());
        this.server = ByteBackServer.start(settings);
    }

    int port() {
        return server.port();
    }

    /** ssh options that trust the server and never prompt, with the client's key. */
    List<String> sshBase(ClientKey key) {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-o", "StrictHostKeyChecking=no", "-o",
                "UserKnownHostsFile=" + knownHosts, "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "ConnectTimeout=20", "-p", String.valueOf(port())));
        if (key != null) cmd.addAll(List.of("-i", key.file().toString()));
        return cmd;
    }

    /** The -e argument for rsync. */
    String rsh(ClientKey key) {
        return String.join(" ", sshBase(key));
    }

    Cmd.Result ssh(ClientKey key, String... args) throws IOException, InterruptedException {
        List<String> cmd = sshBase(key);
        cmd.add("byteback@127.0.0.1");
        cmd.addAll(List.of(args));
        return Cmd.run(cmd, Map.of(), null, 120);
    }

    int cli(String... args) {
        return Main.run(args);
    }

    void enrol(String name, ClientKey key, String... extra) {
        List<String> a = new ArrayList<>(List.of("enrol", "--root", root.toString(), "--name", name, "--key", key.pub().toString()));
        a.addAll(List.of(extra));
        int rc = cli(a.toArray(String[]::new));
        if (rc != 0) throw new AssertionError("enrol " + name + " exited " + rc);
    }

    void restart(ByteBackServer.Settings settings) throws IOException {
        server.close();
        server = ByteBackServer.start(settings);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
