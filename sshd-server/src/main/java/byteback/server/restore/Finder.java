package byteback.server.restore;

import byteback.rsync.store.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the chosen copies for a listing or restore in one client's directory: decodes the
 * client's patterns, searches ({@link StoreSearch}), picks versions ({@link VersionChoice}).
 * Reads the store only.
 */
final class Finder {
    private Finder() {}

    /** Most copies a listing or restore may gather before it is refused (memory: ~200 bytes each). */
    static final int MAX_COPIES = 500_000;

    record Found(List<byte[]> patterns, List<StoredVersion> chosen) {}

    static Found find(Path clientDir, String snapshot, List<String> encodedPatterns, VersionChoice choice, Instant now,
            PrintStream warnings) throws IOException, PatternException {
        SnapshotPattern snap = snapshot == null ? SnapshotPattern.ALL : SnapshotPattern.of(snapshot);
        List<byte[]> decoded = new ArrayList<>();
        List<PathPattern> patterns = new ArrayList<>();
        for (String e : encodedPatterns) {
            byte[] p = QuotedPrintable.decode(e);
            decoded.add(p);
            patterns.add(PathPattern.compile(p));
        }
        List<StoredVersion> all;
        try (Store store = Store.open(clientDir)) {
            all = new StoreSearch(store, MAX_COPIES, w -> warnings.println("byteback: " + w)).find(snap, patterns);
        }
        return new Found(decoded, choice.choose(all, now));
    }

    /** The original's "** Sorry.  There were no files matching:" with one "--> PATTERN" line each. */
    static byte[] sorry(List<byte[]> patterns) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        b.writeBytes("** Sorry.  There were no files matching:\n".getBytes(StandardCharsets.US_ASCII));
        for (byte[] p : patterns) {
            b.writeBytes("--> ".getBytes(StandardCharsets.US_ASCII));
            b.writeBytes(p);
            b.write('\n');
        }
        return b.toByteArray();
    }
}
