package byteback.server;

import byteback.rsync.server.ReceiveListener;
import java.nio.file.Path;

/**
 * Where the server lets other policies watch backups and snapshots (the pruning policy plugs in
 * here). Called from connection threads, concurrently for different clients.
 */
public interface BackupHooks {
    BackupHooks NONE = new BackupHooks() {};

    /**
     * A backup for {@code client} is about to be received; the listener sees every write. It may
     * block (while space is freed) or throw to end the transfer with its message to the client.
     */
    default ReceiveListener forBackup(String client) {
        return ReceiveListener.NONE;
    }

    /** A backup for {@code client} ended with rsync's exit code. */
    default void afterBackup(String client, int exitCode) {}

    /** A read-only snapshot of {@code client}'s current was made at {@code snapshot}. */
    default void afterSnapshot(String client, Path snapshot) {}
}
