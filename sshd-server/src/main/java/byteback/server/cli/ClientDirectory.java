package byteback.server.cli;

import byteback.btrfs.Btrfs;
import byteback.server.store.Ownership;
import byteback.server.store.PrivateDirectories;
import byteback.server.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/** Creates ROOT/NAME and the subvolume ROOT/NAME/current, owned like ROOT. */
final class ClientDirectory {
    private ClientDirectory() {}

    static void create(Store store, String name, Btrfs btrfs, Ownership ownership) throws IOException {
        Path dir = store.clientDir(name);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            Files.createDirectory(dir);
            ownership.apply(dir);
        }
        PrivateDirectories.secure(store, name, ownership);
        Path current = store.current(name);
        if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
            btrfs.createSubvolume(current);
            ownership.apply(current);
        } else if (!btrfs.isSubvolume(current)) {
            throw new IOException(current + " exists but is not a btrfs subvolume");
        }
    }
}
