package byteback.server.cli;

import byteback.btrfs.Btrfs;
import byteback.server.auth.ClientName;
import byteback.server.diff.ClientDiff;
import byteback.server.diff.DiffResult;
import byteback.server.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Lists what changed between two snapshots of a client: added, removed and changed paths,"
                + " and for a changed path what changed (type, content, symlink target, device, mode, owner, xattrs,"
                + " mtime), as the client's files (modes, owners and types from user.rsync.%%stat).",
            "Without names: the two newest snapshots; with one: that one and the newest; 'current' names the tree"
                + " backups are written into. A summary line goes to standard error."},
        footer = {"%nOutput, one path a line, the path last:",
            "  added    file          1250 B  etc/new.conf",
            "  removed  dir                   var/cache/old",
            "  changed  content 1200 B -> 1250 B, mode -rw-r--r-- -> -rwx------  etc/passwd"})
final class DiffCommand implements Callable<Integer> {
    @Mixin RootOption root;

    @Option(names = "--name", required = true, paramLabel = "CLIENT", description = "the client")
    String name;

    @Option(names = "--walk", description = "compare every file of both trees, even where btrfs could say which changed")
    boolean walk;

    @Parameters(arity = "0..2", paramLabel = "SNAPSHOT", description = "the older and the newer tree (a snapshot's name or current)")
    List<String> names = new ArrayList<>();

    @Override
    public Integer call() throws IOException {
        Store store = root.existingStore();
        String client = ClientName.check(name);
        if (!Files.isDirectory(store.clientDir(client), LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException("no client \"" + client + "\" in " + store.root());
        }
        DiffResult r;
        try {
            r = ClientDiff.run(store, client, names, new Btrfs(), !walk);
        } catch (IllegalArgumentException e) {
            System.err.println("byteback-server diff: " + e.getMessage());
            return ExitCodes.FAILED;
        }
        ClientDiff.print(r, System.out, System.err);
        return ExitCodes.OK;
    }
}
