package byteback.it.rsync;

import byteback.testsupport.LocalShell;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs stock {@code rsync} against a receiver through a local remote-shell wrapper that drops the
 * host argument and runs the remote command with {@code sh -c}, as ssh would on a remote host.
 */
final class RsyncRunner {
    /** The receiver jar, built by the rsync-protocol module before this one. */
    static final Path JAR = Path.of("../rsync-protocol/target/byteback-rsync.jar").toAbsolutePath().normalize();
    static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    /** The result of one rsync run. */
    record Result(int exitCode, String stdout, String stderr) {
        String describe() {
            return "exit " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    private final Path wrapper;

    RsyncRunner(Path workDir) throws IOException {
        wrapper = LocalShell.create(workDir);
    }

    Path wrapper() {
        return wrapper;
    }

    /** The --rsync-path that runs our receiver. */
    static String javaReceiver() {
        return JAVA + " -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -jar " + JAR;
    }

    /** The --rsync-path of the reference receiver. */
    static String stockReceiver() {
        return "rsync --fake-super";
    }

    /** rsync OPTIONS... -e WRAPPER --rsync-path PATH SRC localhost:DEST */
    Result run(String rsyncPath, List<String> options, String source, Path dest) throws IOException, InterruptedException {
        return run(rsyncPath, options, List.of(source), dest, null);
    }

    /** rsync OPTIONS... -e WRAPPER --rsync-path PATH SRC... localhost:DEST, in {@code cwd} (null: ours). */
    Result run(String rsyncPath, List<String> options, List<String> sources, Path dest, Path cwd)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("rsync");
        cmd.addAll(options);
        cmd.add("-e");
        cmd.add(wrapper.toString());
        cmd.add("--rsync-path");
        cmd.add(rsyncPath);
        cmd.addAll(sources);
        cmd.add("localhost:" + dest);
        return exec(cmd, 120, cwd);
    }

    /**
     * A pull: rsync OPTIONS... -e WRAPPER --rsync-path "cd STORE && PATH" localhost:SRC... DEST/,
     * the server side being {@code rsyncPath --server --sender} in {@code store}.
     */
    Result pull(String rsyncPath, List<String> options, Path store, List<String> sources, Path dest)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add("rsync");
        cmd.addAll(options);
        cmd.add("-e");
        cmd.add(wrapper.toString());
        cmd.add("--rsync-path");
        cmd.add("cd '" + store + "' && " + rsyncPath);
        for (String s : sources) {
            cmd.add("localhost:" + s);
        }
        cmd.add(dest + "/");
        return exec(cmd, 600, null);
    }

    static Result exec(List<String> cmd, int timeoutSeconds) throws IOException, InterruptedException {
        return exec(cmd, timeoutSeconds, null);
    }

    static Result exec(List<String> cmd, int timeoutSeconds, Path cwd) throws IOException, InterruptedException {
        Path out = Files.createTempFile("rsync-out", ".txt");
        Path err = Files.createTempFile("rsync-err", ".txt");
        try {
            Process p = new ProcessBuilder(cmd).directory(cwd == null ? null : cwd.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor();
                throw new AssertionError("timed out: " + cmd + "\n" + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }
}
