package byteback.server.jvm;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Replaces this process with the same server on a frugal JVM ({@link FrugalJvm}): execve(2) on
 * this JVM's own launcher, so the process id, its standard streams and its parent (systemd, a
 * shell) stay the same and only one JVM ever runs.
 */
public final class Reexec {
    private Reexec() {}

    /**
     * Re-executes when {@link FrugalJvm#command} says so; returns only when it did not (no need,
     * or execve failed: then the server runs on as it is and says so on stderr).
     */
    public static void ifNeeded(String mainClass, String... args) {
        Optional<List<String>> cmd;
        try {
            Path self = Path.of("/proc/self/exe");
            if (!Files.exists(self)) {
                return;
            }
            cmd = FrugalJvm.command(self.toRealPath().toString(), System.getProperty("java.class.path"),
                    mainClass, ManagementFactory.getRuntimeMXBean().getInputArguments(), System.getenv(),
                    Runtime.version().feature(), args);
        } catch (Exception | LinkageError e) {
            return;
        }
        if (cmd.isEmpty()) {
            return;
        }
        List<String> argv = cmd.get();
        String[] envp = envp(FrugalJvm.environment(System.getenv()));
        System.out.flush();
        System.err.flush();
        String why;
        try {
            Libc.c().execve(argv.get(0), argv.toArray(String[]::new), envp);
            why = "execve failed";
        } catch (Exception | LinkageError e) {
            why = e.toString();
        }
        System.err.println("byteback-server: could not restart with frugal JVM options (" + why
                + "); running with this JVM's defaults");
    }

    /** The environment as execve wants it. */
    static String[] envp(Map<String, String> env) {
        return env.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    }
}
