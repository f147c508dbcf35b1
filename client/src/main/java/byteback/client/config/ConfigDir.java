package byteback.client.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The client's configuration directory, /etc/byteback unless --config-dir says otherwise: the
 * files the original client reads, with the same names and meanings.
 */
public record ConfigDir(Path dir) {
    public static final Path DEFAULT = Path.of("/etc/byteback");

    public Path destinationFile() { return dir.resolve("destination"); }
    public Path key() { return dir.resolve("key"); }
    public Path excludesFile() { return dir.resolve("excludes"); }
    public Path filterFile() { return dir.resolve("rsync_filter"); }
    public Path rsyncFlagsFile() { return dir.resolve("rsync_flags"); }
    public Path ioTimeoutFile() { return dir.resolve("io_timeout"); }
    public Path preBackupDir() { return dir.resolve("pre-backup.d"); }
    public Path postBackupDir() { return dir.resolve("post-backup.d"); }
    /** Host keys recorded by setup-client (OpenSSH known_hosts format). */
    public Path knownHosts() { return dir.resolve("known_hosts"); }

    /** The destination file's first line, when the file exists. */
    public Optional<String> destination() throws IOException {
        return firstLine(destinationFile());
    }

    public RsyncFlags rsyncFlags() throws IOException {
        Path f = rsyncFlagsFile();
        return Files.exists(f) ? RsyncFlags.parse(Files.readString(f)) : RsyncFlags.NONE;
    }

    public OptionalInt ioTimeout() throws IOException {
        Optional<String> line = firstLine(ioTimeoutFile());
        return line.isPresent() ? OptionalInt.of(parseSeconds(line.get(), ioTimeoutFile())) : OptionalInt.empty();
    }

    static int parseSeconds(String text, Path file) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n < 0) throw new NumberFormatException();
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": \"" + text.strip() + "\" is not a number of seconds");
        }
    }

    private static Optional<String> firstLine(Path f) throws IOException {
        if (!Files.exists(f)) return Optional.empty();
        List<String> lines = Files.readAllLines(f);
        for (String l : lines) {
            if (!l.isBlank()) return Optional.of(l.strip());
        }
        return Optional.empty();
    }
}
