package byteback.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs an external program (mount, losetup, btrfs-progs and the other independent tools) with
 * LC_ALL=C and no input, and captures what it said. A program that outlives its time is killed.
 */
public record Sh(int exitCode, String stdout, String stderr) {

    public static Sh run(List<String> argv, long timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        p.getOutputStream().close();
        // read both streams at once: a full stderr pipe must not stall the program
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException("timed out after " + timeoutSeconds + " s: " + argv);
            }
            return new Sh(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + argv, e);
        }
    }

    public static Sh run(String... argv) throws IOException {
        return run(List.of(argv), 120);
    }

    /** Runs and insists on exit status 0; returns stdout. */
    public static String ok(String... argv) throws IOException {
        Sh r = run(argv);
        if (r.exitCode != 0) {
            throw new IOException(String.join(" ", argv) + " exited " + r.exitCode + ": " + r.stderr + r.stdout);
        }
        return r.stdout;
    }

    private static String readAll(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
