package byteback.it.client;

import byteback.it.support.Cmd;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The client jar the build made, run as a user runs it but with a PATH that holds neither rsync nor
 * ssh (an empty directory): whatever it does, it does without them. Its home is a scratch directory
 * so no ~/.ssh of the machine running the tests is read.
 */
public final class ClientJar {
    private final Path home;
    private final Path emptyPath;
    private final List<String> jvmOptions = new ArrayList<>();

    public ClientJar(Path scratch) throws IOException {
        this.home = Files.createDirectories(scratch.resolve("client-home"));
        this.emptyPath = Files.createDirectories(scratch.resolve("empty-path"));
    }

    public static Path path() {
        Path jar = Path.of("..", "client", "target", "byteback-client.jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) throw new AssertionError(jar + " is missing: build client first (mvn package)");
        return jar;
    }

    /** Runs the jar with these JVM options too (e.g. "-Xmx48m"), placed before -jar. */
    public ClientJar withJvmOptions(String... options) {
        jvmOptions.addAll(List.of(options));
        return this;
    }

    public Path home() {
        return home;
    }

    public Cmd.Result run(Path cwd, int timeoutSeconds, String... args) throws IOException, InterruptedException {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", emptyPath.toString());
        env.put("HOME", home.toString());
        return Cmd.run(command(args), env, cwd, timeoutSeconds);
    }

    /**
     * Runs the jar on a terminal of its own (a pty made by util-linux script), as a person at a
     * shell would; stdout and stderr both come back in {@code out()}, with the terminal's "\r\n".
     */
    public Cmd.Result runOnTerminal(String... args) throws IOException, InterruptedException {
        StringBuilder line = new StringBuilder("exec");
        for (String a : command(args)) line.append(" '").append(a.replace("'", "'\\''")).append('\'');
        Map<String, String> env = new HashMap<>();
        env.put("PATH", emptyPath.toString());
        env.put("HOME", home.toString());
        env.put("SHELL", "/bin/sh");
        env.put("TERM", "dumb");
        return Cmd.run(List.of("/usr/bin/script", "-qec", line.toString(), "/dev/null"), env, null, 300);
    }

    private List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.home=" + home));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", path().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    public Cmd.Result run(String... args) throws IOException, InterruptedException {
        return run(null, 300, args);
    }
}
