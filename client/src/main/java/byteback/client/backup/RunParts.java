package byteback.client.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Debian's run-parts, as the original calls it on pre-backup.d/ and post-backup.d/: the
 * executable regular files whose names consist of letters, digits, '_' and '-' only, in lexical
 * order, one after another; a failing script is reported and the rest still run (run-parts then
 * exits non-zero, which the original ignored).
 */
public final class RunParts {
    private static final Pattern VALID_NAME = Pattern.compile("^[A-Za-z0-9_-]+$");

    /** What one script did. */
    public record Ran(Path script, int exit, String output) {}

    private RunParts() {}

    /** The scripts run-parts would run, in order (pure selection over names and flags). */
    public static List<Path> select(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return List.of();
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.list(dir)) {
            s.filter(p -> VALID_NAME.matcher(p.getFileName().toString()).matches())
                    .filter(Files::isRegularFile)
                    .filter(Files::isExecutable)
                    .sorted()
                    .forEach(out::add);
        }
        return out;
    }

    /** Runs them; each script's stdout and stderr are collected. */
    public static List<Ran> run(Path dir) throws IOException {
        List<Ran> ran = new ArrayList<>();
        for (Path script : select(dir)) {
            ProcessBuilder pb = new ProcessBuilder(script.toString()).redirectErrorStream(true);
            pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes());
            int exit;
            try {
                exit = p.waitFor();
            } catch (InterruptedException e) {
                p.destroy();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running " + script);
            }
            ran.add(new Ran(script, exit, output));
        }
        return ran;
    }
}
