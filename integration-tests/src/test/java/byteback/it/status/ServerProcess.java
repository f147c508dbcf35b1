package byteback.it.status;

import byteback.it.support.ServerJar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code java -jar byteback-server.jar serve ... --metrics 127.0.0.1:0} as its own process, as operators run it. */
final class ServerProcess implements AutoCloseable {
    private static final Pattern SSH = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) ");
    private static final Pattern METRICS = Pattern.compile("metrics at http://127\\.0\\.0\\.1:(\\d+)/metrics");

    private final Process process;
    private final List<String> log = new ArrayList<>();
    private volatile int sshPort;
    private volatile int metricsPort;

    ServerProcess(Path root, String... extra) throws IOException, InterruptedException {
        List<String> cmd = ServerJar.command("serve", "--root", root.toString(), "--listen", "127.0.0.1", "--port", "0",
                "--metrics", "127.0.0.1:0", "--snapshot-interval", "0");
        cmd.addAll(List.of(extra));
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        Thread reader = new Thread(this::read, "server-log");
        reader.setDaemon(true);
        reader.start();
        try {
            Backups.await("the server to listen", Duration.ofSeconds(60),
                    () -> (sshPort > 0 && metricsPort > 0) || !process.isAlive());
            if (!process.isAlive()) throw new AssertionError("the server stopped: " + log());
        } catch (AssertionError | InterruptedException e) {
            close();
            throw e;
        }
    }

    private void read() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (log) {
                    log.add(line);
                }
                Matcher m = SSH.matcher(line);
                if (m.find()) sshPort = Integer.parseInt(m.group(1));
                m = METRICS.matcher(line);
                if (m.find()) metricsPort = Integer.parseInt(m.group(1));
            }
        } catch (IOException ignored) {
            // the server is gone
        }
    }

    int sshPort() {
        return sshPort;
    }

    int metricsPort() {
        return metricsPort;
    }

    long pid() {
        return process.pid();
    }

    String log() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    /** SIGKILL: the server dies at once, as in a crash or the OOM killer. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) kill();
        }
    }
}
