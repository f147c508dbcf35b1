package byteback.it.support;

import byteback.server.cli.Main;
import byteback.server.ssh.ByteBackServer;
import byteback.server.store.Store;
import byteback.testsupport.LoopBtrfs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The byteback server started in-process on a free port over a ROOT on a fresh loop-mounted btrfs
 * (user_subvol_rm_allowed), with helpers to reach it with OpenSSH's ssh and to run the admin CLI.
 * Register it as a JUnit extension ({@code @RegisterExtension final ServerFixture server = ...}):
 * it starts before each test (before all, in a {@code PER_CLASS} test class) and stops the server,
 * unmounts and removes everything afterwards, also when the test or the start fails.
 */
public final class ServerFixture implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback {
    private final String size;
    private final Function<Path, ByteBackServer.Settings> settings;
    private boolean perClass;
    private LoopBtrfs fs;
    private ByteBackServer server;
    private Path knownHosts;

    /** A server with default settings on a btrfs of {@code size} ("1G"). */
    public ServerFixture(String size) {
        this(size, root -> ByteBackServer.Settings.of(new Store(root), 0));
    }

    /** A server with the settings made for its ROOT. */
    public ServerFixture(String size, Function<Path, ByteBackServer.Settings> settings) {
        this.size = size;
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        perClass = context.getTestInstanceLifecycle().orElse(null) == TestInstance.Lifecycle.PER_CLASS;
        if (perClass) {
            start();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IOException {
        if (!perClass) {
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        if (!perClass) {
            stop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        stop();
    }

    private void start() throws IOException {
        fs = LoopBtrfs.create(size);
        try {
            knownHosts = fs.dir().resolve("known_hosts");
            server = ByteBackServer.start(settings.apply(root()));
        } catch (IOException | RuntimeException e) {
            stop();
            throw e;
        }
    }

    private void stop() throws IOException {
        try {
            if (server != null) server.close();
        } finally {
            server = null;
            if (fs != null) {
                LoopBtrfs f = fs;
                fs = null;
                f.close();
            }
        }
    }

    /** The server's ROOT: the mounted btrfs. */
    public Path root() {
        return fs.mountPoint();
    }

    /** A scratch directory outside ROOT (keys, source trees), removed with the filesystem. */
    public Path scratch() {
        return fs.dir();
    }

    public Path knownHosts() {
        return knownHosts;
    }

    public int port() {
        return server.port();
    }

    /** ssh options that trust the server and never prompt, with the client's key. */
    public List<String> sshBase(ClientKey key) {
        List<String> cmd = new ArrayList<>(List.of("ssh", "-o", "StrictHostKeyChecking=no", "-o",
                "UserKnownHostsFile=" + knownHosts, "-o", "BatchMode=yes", "-o", "IdentitiesOnly=yes",
                "-o", "ConnectTimeout=20", "-p", String.valueOf(port())));
        if (key != null) cmd.addAll(List.of("-i", key.file().toString()));
        return cmd;
    }

    /** The -e argument for rsync. */
    public String rsh(ClientKey key) {
        return String.join(" ", sshBase(key));
    }

    public Cmd.Result ssh(ClientKey key, String... args) throws IOException, InterruptedException {
        List<String> cmd = sshBase(key);
        cmd.add("byteback@127.0.0.1");
        cmd.addAll(List.of(args));
        return Cmd.run(cmd, Map.of(), null, 120);
    }

    /** Runs the admin CLI in-process; returns its exit status. */
    public int cli(String... args) {
        return Main.run(args);
    }

    public void enrol(String name, ClientKey key, String... extra) {
        List<String> a = new ArrayList<>(List.of("enrol", "--root", root().toString(), "--name", name, "--key", key.pub().toString()));
        a.addAll(List.of(extra));
        int rc = cli(a.toArray(String[]::new));
        if (rc != 0) throw new AssertionError("enrol " + name + " exited " + rc);
    }

    /** Stops the server and starts it again over the same ROOT with the same settings. */
    public void restart() throws IOException {
        server.close();
        server = null;
        server = ByteBackServer.start(settings.apply(root()));
    }
}
