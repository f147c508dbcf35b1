package byteback.it.status;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Stock rsync backups over OpenSSH's ssh into a server, and the admin CLI's status as operators run it. */
final class Backups {
    private Backups() {}

    /** A tree of {@code files} small files (and one of {@code bigMiB} MiB of random bytes when > 0). */
    static Path tree(Path dir, int files, int bigMiB) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(files * 31L + bigMiB);
        for (int i = 0; i < files; i++) {
            byte[] b = new byte[1000 + i];
            random.nextBytes(b);
            Files.write(dir.resolve("f" + i), b);
        }
        if (bigMiB > 0) {
            byte[] chunk = new byte[1 << 20];
            try (OutputStream out = Files.newOutputStream(dir.resolve("big"))) {
                for (int i = 0; i < bigMiB; i++) {
                    random.nextBytes(chunk);
                    out.write(chunk);
                }
            }
        }
        return dir;
    }

    static List<String> rsync(String rsh, Path src, String... extra) {
        List<String> cmd = new ArrayList<>(List.of("rsync", "--archive", "--xattrs", "--numeric-ids", "--delete-during",
                "--inplace", "--timeout", "120"));
        cmd.addAll(List.of(extra));
        cmd.addAll(List.of("-e", rsh, src + "/", "byteback@127.0.0.1:"));
        return cmd;
    }

    static Cmd.Result backup(String rsh, Path src) throws IOException, InterruptedException {
        return Cmd.run(rsync(rsh, src), Map.of(), null, 180);
    }

    /** A backup slowed to {@code kbps} KiB/s, running in the background; its output goes to {@code log}. */
    static Process slowBackup(String rsh, Path src, int kbps, Path log) throws IOException {
        return new ProcessBuilder(rsync(rsh, src, "--bwlimit=" + kbps)).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
    }

    /** Ends a client abruptly (SIGKILL to rsync and its ssh), as a machine dying mid-backup. */
    static void kill(Process p) throws InterruptedException {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    /** Waits (at most {@code limit}) until {@code condition} holds. */
    static void await(String what, Duration limit, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(100);
        }
    }

    /** The server jar's CLI: {@code java -jar byteback-server.jar ARGS}. */
    static Cmd.Result cli(String... args) throws IOException, InterruptedException {
        return Cmd.run(byteback.it.support.ServerJar.command(args), Map.of(), null, 120);
    }

    /**
     * {@code status --json} read by Python's json module (an independent parser), flattened to
     * {@code client.path=value} lines for the assertions, e.g. {@code ok.last_attempt.result=success}.
     */
    static Map<String, String> statusJson(Path root) throws IOException, InterruptedException {
        Cmd.Result r = cli("status", "--root", root.toString(), "--json").ok();
        Path json = Files.createTempFile("status", ".json");
        try {
            Files.writeString(json, r.out());
            String script = String.join("\n",
                    "import json, sys",
                    "d = json.load(open(sys.argv[1]))",
                    "assert d['version'] == 1",
                    "def flat(prefix, v):",
                    "    if isinstance(v, dict):",
                    "        for k, x in v.items(): flat(prefix + '.' + k, x)",
                    "    else:",
                    "        print(prefix[1:] + '=' + ('null' if v is None else str(v).lower() if isinstance(v, bool) else str(v)))",
                    "flat('.store', d['store'])",
                    "for c in d['clients']: flat('.' + c['name'], c)");
            Cmd.Result py = Cmd.run(List.of("python3", "-c", script, json.toString())).ok();
            Map<String, String> out = new java.util.TreeMap<>();
            for (String line : py.out().split("\n")) {
                int eq = line.indexOf('=');
                if (eq > 0) out.put(line.substring(0, eq), line.substring(eq + 1));
            }
            return out;
        } finally {
            Files.deleteIfExists(json);
        }
    }

    static ClientKey key(Path dir, String name) throws IOException, InterruptedException {
        return ClientKey.create(dir, name);
    }
}
