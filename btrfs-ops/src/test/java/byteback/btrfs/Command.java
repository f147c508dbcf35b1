package byteback.btrfs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs an external program (the independent tools: btrfs-progs, mount, losetup) and captures its output. */
record Command(int exitCode, String stdout, String stderr) {

    static Command run(String... argv) throws IOException {
        return run(List.of(argv));
    }

    static Command run(List<String> argv) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(argv);
        pb.environment().put("LC_ALL", "C");
        Process p = pb.start();
        p.getOutputStream().close();
        try {
            // read both streams without deadlocking on a full pipe
            var err = new java.util.concurrent.CompletableFuture<String>();
            Thread t = new Thread(() -> {
                try {
                    err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    err.complete("");
                }
            });
            t.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + argv);
            }
            t.join();
            return new Command(p.exitValue(), out, err.join());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + argv, e);
        }
    }

    /** Runs and insists on exit status 0. */
    static String ok(String... argv) throws IOException {
        Command c = run(argv);
        if (c.exitCode != 0) {
            throw new IOException(String.join(" ", argv) + " exited " + c.exitCode + ": " + c.stderr + c.stdout);
        }
        return c.stdout;
    }
}
