package byteback.server.cli;

import byteback.server.store.Store;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --root DIR, shared by the commands that work on a store. */
final class RootOption {
    static final String DEFAULT = "/var/lib/byteback";

    @Option(names = "--root", paramLabel = "DIR", defaultValue = DEFAULT,
            description = "the server's root directory on btrfs (default: ${DEFAULT-VALUE})")
    Path root;

    Store existingStore() {
        if (!Files.isDirectory(root)) throw new IllegalStateException(root + " does not exist or is not a directory");
        return new Store(root);
    }
}
