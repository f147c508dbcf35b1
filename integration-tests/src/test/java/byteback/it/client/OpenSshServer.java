package byteback.it.client;

import byteback.it.support.Cmd;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An OpenSSH sshd of its own for a test, as an original byteback server runs it: on a free port
 * of 127.0.0.1, with its own configuration, host keys (ed25519 and RSA) and authorized_keys, run
 * as root in the foreground, stopped by {@link #close()}. Logins are as root with public keys only.
 */
public final class OpenSshServer implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final Process process;
    private final boolean madePrivsepDir;

    private OpenSshServer(Path dir, int port, Process process, boolean madePrivsepDir) {
        this.dir = dir;
        this.port = port;
        this.process = process;
        this.madePrivsepDir = madePrivsepDir;
    }

    /** Starts sshd; {@code authorizedKeys} is the text of its authorized_keys. */
    public static OpenSshServer start(Path dir, String authorizedKeys) throws Exception {
        return start(dir, authorizedKeys, false);
    }

    /**
     * As {@link #start(Path, String)}; {@code debugLog} sets LogLevel DEBUG1, so that {@link #log()} shows e.g.
     * the ciphers agreed (sshd then also sends its debug lines to the client's stderr).
     */
    public static OpenSshServer start(Path dir, String authorizedKeys, boolean debugLog) throws Exception {
        Files.createDirectories(dir);
        for (String t : List.of("ed25519", "rsa")) {
            Cmd.run(List.of("ssh-keygen", "-q", "-t", t, "-N", "", "-f", dir.resolve("host_" + t).toString())).ok();
        }
        Files.writeString(dir.resolve("authorized_keys"), authorizedKeys);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(dir.resolve("sshd_config"), String.join("\n",
                "Port " + port, "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_ed25519"), "HostKey " + dir.resolve("host_rsa"),
                "PidFile " + dir.resolve("sshd.pid"), "AuthorizedKeysFile " + dir.resolve("authorized_keys"),
                "StrictModes no", "UsePAM no", "PermitRootLogin prohibit-password", "PasswordAuthentication no",
                "KbdInteractiveAuthentication no", "PermitUserEnvironment no", debugLog ? "LogLevel DEBUG1" : "", "") );
        Path privsep = Path.of("/run/sshd");
        boolean made = false;
        if (!Files.isDirectory(privsep)) {
            Files.createDirectories(privsep);
            made = true;
        }
        Process p = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", dir.resolve("sshd_config").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("sshd.log").toFile()).start();
        OpenSshServer server = new OpenSshServer(dir, port, p, made);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            if (!p.isAlive()) {
                server.close();
                throw new AssertionError("sshd ended: " + Files.readString(dir.resolve("sshd.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
                break;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    server.close();
                    throw new AssertionError("sshd does not listen on " + port);
                }
                Thread.sleep(50);
            }
        }
        return server;
    }

    public int port() {
        return port;
    }

    /** The host key line(s) of the given type, as ssh-keyscan prints them ("[127.0.0.1]:PORT ssh-ed25519 AAAA..."). */
    public String keyscan(String type) throws Exception {
        return Cmd.run(List.of("ssh-keygen", "-y", "-f", dir.resolve("host_" + type).toString())).ok().out()
                .lines().map(l -> "[127.0.0.1]:" + port + " " + l).reduce("", (a, b) -> a + b + "\n");
    }

    /** What sshd has logged so far. */
    public String log() throws IOException {
        return Files.readString(dir.resolve("sshd.log"));
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (madePrivsepDir) {
            Files.deleteIfExists(Path.of("/run/sshd"));
        }
    }
}
