package byteback.btrfs;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Runs {@link AsUser} as the unprivileged user nobody through setpriv, one process for all the
 * operations of a test class. The test classpath (in root's
 * Maven repository, which nobody cannot read) is copied into a world-readable temp dir first.
 * {@link #close()} removes it.
 */
final class UnprivilegedUser implements AutoCloseable {

    private final Path base;
    private final String classPath;
    final int uid;
    final int gid;
    private Process process;
    private BufferedReader answers;

    UnprivilegedUser() throws IOException {
        uid = Integer.parseInt(Command.ok("id", "-u", "nobody").trim());
        gid = Integer.parseInt(Command.ok("id", "-g", "nobody").trim());
        base = Files.createTempDirectory("byteback-btrfs-user-");
        try {
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
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
            Command.ok("chown", uid + ":" + gid, tmp.toString());
            Command.ok("chmod", "-R", "a+rX", base.toString());
        } catch (IOException | RuntimeException e) {
            LoopBtrfs.deleteTree(base);
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

    /** Gives the user ownership of a path (not recursive). */
    void own(Path path) throws IOException {
        Command.ok("chown", uid + ":" + gid, path.toString());
    }

    /** Runs one {@link AsUser} operation as the user; returns its one-line answer. */
    synchronized String run(String... args) throws IOException {
        if (process == null) {
            start();
        }
        process.getOutputStream().write((String.join("\t", args) + "\n").getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().flush();
        String answer = answers.readLine();
        System.out.println("as uid " + uid + ": " + String.join(" ", args) + " -> " + answer);
        if (answer == null || !(answer.equals("OK") || answer.startsWith("OK ") || answer.startsWith("FAIL "))) {
            throw new IOException("AsUser " + String.join(" ", args) + " answered " + answer + "; stderr: " + stderr());
        }
        return answer;
    }

    private void start() throws IOException {
        List<String> argv = new ArrayList<>(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups",
                "env", "HOME=" + base.resolve("tmp"),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Djava.io.tmpdir=" + base.resolve("tmp"),
                "-cp", classPath, AsUser.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.redirectError(base.resolve("stderr.txt").toFile());
        process = pb.start();
        answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    private String stderr() {
        try {
            return Files.readString(base.resolve("stderr.txt"));
        } catch (IOException e) {
            return "(unreadable)";
        }
    }

    @Override
    public void close() throws IOException {
        if (process != null) {
            process.getOutputStream().close();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            answers.close();
        }
        String errors = Files.exists(base.resolve("stderr.txt")) ? stderr() : "";
        LoopBtrfs.deleteTree(base);
        if (!errors.isBlank()) {
            throw new IOException("AsUser wrote to stderr: " + errors);
        }
    }
}
