package byteback.server;

import byteback.rsync.receiver.ReceiveListener;
import java.nio.file.Path;

/**
 * Where the server lets other policies watch backups and snapshots (pruning, the attempt records
 * behind {@code status}, the metrics plug in here). Called from connection threads, concurrently
 * for different clients.
 */
public interface BackupHooks {
    BackupHooks NONE = new BackupHooks() {};

    /** What was refused before it began. */
    enum Refused { BACKUP, SNAPSHOT }

    /**
     * Why: another backup or snapshot of the client holds its lock, its store is not in order, or
     * the request itself is not allowed (a destination outside its store).
     */
    enum Cause { BUSY, STORE, REQUEST }

    /**
     * A backup for {@code client} is about to be received; the listener sees every write. It may
     * block (while space is freed) or throw to end the transfer with its message to the client.
     */
    default ReceiveListener forBackup(String client) {
        return ReceiveListener.NONE;
    }

    /** A backup for {@code client} ended with rsync's exit code. */
    default void afterBackup(String client, int exitCode) {}

    /**
     * A backup for {@code client} ended: rsync's exit code, how it ended in words (what the client
     * was told, or the log's summary) and the bytes that came from the client.
     */
    default void afterBackup(String client, int exitCode, String summary, long bytesReceived) {
        afterBackup(client, exitCode);
    }

    /** A backup or snapshot of {@code client} was refused before it began, for {@code reason} (in words). */
    default void refused(String client, Refused what, Cause cause, String reason) {}

    /** A read-only snapshot of {@code client}'s current was made at {@code snapshot}. */
    default void afterSnapshot(String client, Path snapshot) {}

    /** {@code --complete} made no snapshot of {@code client} (too soon after the last one, ...): why. */
    default void snapshotRefused(String client, String reason) {}
}
