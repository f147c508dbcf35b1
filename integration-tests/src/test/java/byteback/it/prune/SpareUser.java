package byteback.it.prune;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Runs a Java main class as an unprivileged spare uid (no passwd entry: nothing to create or remove)
 * through setpriv, like a server started as its own user. The test classpath lives in root's Maven
 * repository, which that uid cannot read, so it is copied into a world-readable temp dir first;
 * {@link #close()} removes it.
 */
final class SpareUser implements AutoCloseable {
    final int uid;
    private final Path base;
    private final String classPath;

    SpareUser() throws IOException {
        int candidate;
        do {
            candidate = 61000 + ThreadLocalRandom.current().nextInt(3000);
        } while (Sh.run("getent", "passwd", Integer.toString(candidate)).exitCode() == 0);
        uid = candidate;
        base = Files.createTempDirectory("byteback-prune-user-");
        try {
            List<String> entries = new ArrayList<>();
            int n = 0;
            for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                Path from = Path.of(entry);
                if (!Files.exists(from)) {
                    continue;
                }
                Path to = base.resolve("cp" + n++ + (Files.isDirectory(from) ? "" : ".jar"));
                copy(from, to);
                entries.add(to.toString());
            }
            classPath = String.join(File.pathSeparator, entries);
            Path tmp = Files.createDirectory(base.resolve("tmp"));
            Sh.ok("chown", uid + ":" + uid, tmp.toString());
            Sh.ok("chmod", "-R", "a+rX", base.toString());
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException | RuntimeException e) {
            LoopBtrfsMount.deleteTree(base);
            throw e;
        }
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

    void own(Path path) throws IOException {
        Sh.ok("chown", uid + ":" + uid, path.toString());
    }

    /** Runs {@code mainClass args} as the spare uid; waits up to {@code timeoutSeconds}. */
    Sh java(Class<?> mainClass, long timeoutSeconds, String... args) throws IOException {
        return Sh.run(javaCommand(mainClass, args), timeoutSeconds);
    }

    /** Starts {@code mainClass args} as the spare uid, its stderr into {@code log}; the caller ends it. */
    Process start(Class<?> mainClass, Path log, String... args) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(javaCommand(mainClass, args));
        pb.redirectError(log.toFile());
        return pb.start();
    }

    private List<String> javaCommand(Class<?> mainClass, String... args) {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups",
                "env", "HOME=" + base.resolve("tmp"),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xmx256m", "-Djava.io.tmpdir=" + base.resolve("tmp"),
                "-Dorg.slf4j.simpleLogger.showDateTime=false",
                "-cp", classPath, mainClass.getName()));
        argv.addAll(List.of(args));
        return argv;
    }

    @Override
    public void close() throws IOException {
        LoopBtrfsMount.deleteTree(base);
    }
}
