package byteback.rsync.store;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Runs the real tools the tests compare with (rsync, getfattr, getfacl, setfacl, mknod, touch, chown). */
final class Shell {
    private Shell() {}

    /** Runs {@code cmd}, returns its stdout; fails with its stderr on a non-zero exit. */
    static String run(String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.redirectErrorStream(false);
        Process p = pb.start();
        p.getOutputStream().close();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread t = new Thread(() -> {
            try (InputStream in = p.getErrorStream()) {
                in.transferTo(err);
            } catch (IOException ignored) {
                // the process is gone
            }
        });
        t.start();
        byte[] out = p.getInputStream().readAllBytes();
        int rc = p.waitFor();
        t.join();
        if (rc != 0) {
            throw new IOException(String.join(" ", List.of(cmd)) + " exited " + rc + ": "
                    + err.toString(StandardCharsets.UTF_8) + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
