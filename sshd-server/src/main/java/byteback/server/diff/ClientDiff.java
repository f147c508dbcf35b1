package byteback.server.diff;

import byteback.btrfs.Btrfs;
import byteback.server.store.Snapshot;
import byteback.server.store.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/** A diff of one client's trees, chosen by name ({@link DiffSelection}), as the CLI and the SSH command run it. */
public final class ClientDiff {
    private ClientDiff() {}

    public static DiffResult run(Store store, String client, List<String> names, Btrfs btrfs, boolean useGenerations)
            throws IOException {
        List<String> snapshots = store.snapshots(client).stream().map(Snapshot::name).toList();
        DiffSelection.Pair pair = DiffSelection.choose(names, snapshots);
        Path dir = store.clientDir(client);
        return new SnapshotDiff(btrfs).diff(dir.resolve(pair.from()), pair.from(), dir.resolve(pair.to()), pair.to(),
                useGenerations);
    }

    /** One line a change on {@code out}, the summary on {@code summary}. */
    public static void print(DiffResult r, PrintStream out, PrintStream summary) {
        for (Change c : r.changes()) out.println(DiffFormat.line(c));
        out.flush();
        summary.println(DiffFormat.summary(r));
        summary.flush();
    }
}
