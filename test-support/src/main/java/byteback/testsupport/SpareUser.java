package byteback.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * An unprivileged spare uid (one no passwd entry uses, so there is no account to create or remove),
 * with commands and Java main classes run as it through setpriv, as a server started as its own
 * user. The test classpath lives in root's Maven repository, which that uid cannot read, so the
 * first Java command copies it into a world-readable temp dir. {@link #close()} ends every process
 * started through {@link #start} (and their descendants) and removes the temp dir.
 */
public final class SpareUser implements AutoCloseable {
    public final int uid;
    public final int gid;
    private final Path base;
    private final Path home;
    private final List<Process> started = new ArrayList<>();
    private String classPath;

    public SpareUser() throws IOException {
        int candidate;
        do {
            candidate = 61000 + ThreadLocalRandom.current().nextInt(3000);
        } while (Sh.run("getent", "passwd", Integer.toString(candidate)).exitCode() == 0);
        uid = candidate;
        gid = candidate;
        base = Trees.tempDir("byteback-spare-user-");
        try {
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            home = Files.createDirectory(base.resolve("home"));
            own(home);
        } catch (IOException | RuntimeException e) {
            Trees.delete(base);
            throw e;
        }
    }

    /** The user's home and temp dir (java.io.tmpdir of its Java commands): owned by the user, removed by close. */
    public Path home() {
        return home;
    }

    /** Gives the user ownership of a path (not recursive). */
    public void own(Path path) throws IOException {
        Sh.ok("chown", uid + ":" + gid, path.toString());
    }

    /** {@code argv} prefixed so that it runs as the user, without supplementary groups. */
    public List<String> command(List<String> argv) {
        List<String> all = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                "env", "HOME=" + home));
        all.addAll(argv);
        return all;
    }

    /** {@code java -cp TESTCLASSPATH mainClass args} as the user. */
    public List<String> javaCommand(Class<?> mainClass, String... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx256m", "-Djava.io.tmpdir=" + home,
                "-Dorg.slf4j.simpleLogger.showDateTime=false", "-cp", classPath(), mainClass.getName()));
        argv.addAll(List.of(args));
        return command(argv);
    }

    /** Runs {@code mainClass args} as the user; waits up to {@code timeoutSeconds}. */
    public Sh java(Class<?> mainClass, long timeoutSeconds, String... args) throws IOException {
        return Sh.run(javaCommand(mainClass, args), timeoutSeconds);
    }

    /** Starts {@code mainClass args} as the user, its stderr into {@code log}; {@link #close()} ends it if the test does not. */
    public Process start(Class<?> mainClass, Path log, String... args) throws IOException {
        return start(new ProcessBuilder(javaCommand(mainClass, args)).redirectError(log.toFile()));
    }

    /** Starts a process built by the caller (its command already made with {@link #command}) and keeps it for {@link #close()}. */
    public synchronized Process start(ProcessBuilder pb) throws IOException {
        Process p = pb.start();
        started.add(p);
        return p;
    }

    private synchronized String classPath() throws IOException {
        if (classPath == null) {
            Path cp = Files.createDirectory(base.resolve("classpath"));
            List<String> entries = new ArrayList<>();
            int n = 0;
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path from = Path.of(entry);
                if (Files.exists(from)) {
                    Path to = cp.resolve("cp" + n++ + (Files.isDirectory(from) ? "" : ".jar"));
                    copy(from, to);
                    entries.add(to.toString());
                }
            }
            Sh.ok("chmod", "-R", "a+rX", cp.toString());
            classPath = String.join(File.pathSeparator, entries);
        }
        return classPath;
    }

    private static void copy(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path p : (Iterable<Path>) tree::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Override
    public synchronized void close() throws IOException {
        for (Process p : started) {
            List<ProcessHandle> children = p.descendants().toList();
            p.destroy();
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            children.forEach(ProcessHandle::destroyForcibly);
        }
        started.clear();
        Trees.delete(base);
    }
}
