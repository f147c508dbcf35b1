package byteback.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ROOT/.ssh/authorized_keys, read afresh for every key a client offers, so an edit applies to the
 * next connection without a restart (the file is small; a cache keyed on the mtime could miss two
 * edits within one clock tick).
 */
public final class AuthorizedKeysFile {
    private static final Logger LOG = LoggerFactory.getLogger(AuthorizedKeysFile.class);
    private static final long MAX_SIZE = 16L << 20;

    private final Path file;

    public AuthorizedKeysFile(Path file) {
        this.file = file;
    }

    public Path path() {
        return file;
    }

    /** The valid lines; an absent file means no keys. */
    public List<AuthorizedKey> keys() throws IOException {
        try {
            if (Files.size(file) > MAX_SIZE) throw new IOException(file + " is larger than 16 MiB");
            AuthorizedKeysParser.Result r = AuthorizedKeysParser.parse(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            for (AuthorizedKeysParser.Problem p : r.problems()) {
                LOG.warn("{} line {} ignored: {}", file, p.line(), p.reason());
            }
            return r.keys();
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}
