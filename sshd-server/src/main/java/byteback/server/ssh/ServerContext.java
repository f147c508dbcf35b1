package byteback.server.ssh;

import byteback.btrfs.Btrfs;
import byteback.rsync.memory.MemoryBudget;
import byteback.server.BackupHooks;
import byteback.server.auth.AuthorizedKeysEditor;
import byteback.server.invite.Invites;
import byteback.server.snapshot.Snapshotter;
import byteback.server.store.Store;
import java.util.concurrent.ExecutorService;

/**
 * The services every connection shares.
 *
 * @param maxSessionTime how long one exec command may run ({@link java.time.Duration#ZERO}: no limit)
 */
record ServerContext(Store store, Btrfs btrfs, Snapshotter snapshotter, ClientLocks locks, BackupHooks hooks,
        Invites invites, AuthorizedKeysEditor keysEditor, ExecutorService workers, MemoryBudget memory,
        java.time.Duration maxSessionTime) {}
