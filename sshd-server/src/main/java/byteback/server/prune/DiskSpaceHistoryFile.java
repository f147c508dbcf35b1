package byteback.server.prune;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link DiskSpaceHistory} on disc: {@code ROOT/.byteback/disk-free-history}, one reading a line,
 * {@code EPOCH-SECONDS TOTAL-BYTES AVAILABLE-BYTES}. Written to a temporary file beside it and renamed
 * over it, so a crash or a full disc never leaves half a history. When the disc is too full to
 * write it, the server keeps going with the history in memory and says so once.
 */
public final class DiskSpaceHistoryFile {
    private static final Logger LOG = LoggerFactory.getLogger(DiskSpaceHistoryFile.class);
    static final String NAME = "disk-free-history";
    /** A history file can never legitimately be larger than this; a larger one is ignored. */
    private static final long MAXIMUM_SIZE = 4L * 1024 * 1024;

    private final Path file;
    private boolean failing;

    public DiskSpaceHistoryFile(Path stateDir) {
        this.file = stateDir.resolve(NAME);
    }

    public Path path() {
        return file;
    }

    /** The stored history; an empty one when there is none or it cannot be read. */
    public DiskSpaceHistory load() {
        try {
            if (Files.size(file) > MAXIMUM_SIZE) {
                LOG.warn("ignoring disc space history {}: too large", file);
                return new DiskSpaceHistory();
            }
            return new DiskSpaceHistory(parse(Files.readAllLines(file, StandardCharsets.US_ASCII)));
        } catch (NoSuchFileException none) {
            return new DiskSpaceHistory();
        } catch (IOException | RuntimeException unreadable) {
            LOG.warn("ignoring unreadable disc space history {}: {}", file, unreadable.toString());
            return new DiskSpaceHistory();
        }
    }

    static List<SpaceReading> parse(List<String> lines) {
        List<SpaceReading> readings = new ArrayList<>();
        for (String line : lines) {
            String[] words = line.trim().split(" ");
            if (words.length != 3) {
                continue;
            }
            try {
                readings.add(new SpaceReading(Instant.ofEpochSecond(Long.parseLong(words[0])),
                        Long.parseLong(words[1]), Long.parseLong(words[2])));
            } catch (IllegalArgumentException | java.time.DateTimeException bad) {
                // a damaged line: skip it
            }
        }
        return readings;
    }

    static String format(DiskSpaceHistory history) {
        StringBuilder text = new StringBuilder();
        for (SpaceReading r : history.readings()) {
            text.append(r.time().getEpochSecond()).append(' ').append(r.totalBytes()).append(' ')
                    .append(r.availableBytes()).append('\n');
        }
        return text.toString();
    }

    /**
     * Replaces the file atomically. Never throws: when the disc is full (or the write fails for any
     * other reason) the history lives on in memory and the next save tries again.
     *
     * @return whether the history is now on disc
     */
    public boolean save(DiskSpaceHistory history) {
        Path tmp = file.resolveSibling(NAME + ".tmp-" + ProcessHandle.current().pid() + "-"
                + Thread.currentThread().getId());
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(tmp, format(history), StandardCharsets.US_ASCII);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (failing) {
                LOG.info("disc space history {} written again", file);
                failing = false;
            }
            return true;
        } catch (IOException e) {
            if (!failing) {
                LOG.warn("cannot write disc space history {} ({}); keeping it in memory", file, e.toString());
                failing = true;
            }
            return false;
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to do; a later save replaces it
            }
        }
    }
}
