package byteback.it.prune;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs an external program (mount, losetup, btrfs-progs as the independent checks) and captures it. */
record Sh(int exitCode, String stdout, String stderr) {

    static Sh run(List<String> argv, long timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IOException("timed out: " + argv);
            }
            return new Sh(p.exitValue(), out, err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + argv, e);
        }
    }

    static Sh run(String... argv) throws IOException {
        return run(List.of(argv), 120);
    }

    /** Runs and insists on exit status 0; returns stdout. */
    static String ok(String... argv) throws IOException {
        Sh r = run(argv);
        if (r.exitCode != 0) {
            throw new IOException(String.join(" ", argv) + " exited " + r.exitCode + ": " + r.stderr + r.stdout);
        }
        return r.stdout;
    }
}
