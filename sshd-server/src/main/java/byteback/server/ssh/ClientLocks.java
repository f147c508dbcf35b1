package byteback.server.ssh;

import byteback.server.store.BackupLock;
import byteback.server.store.Ownership;
import byteback.server.store.Store;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One backup (or snapshot) at a time per client; different clients never wait for each other.
 * With a store, each lock is also the client's {@link BackupLock} file, so other processes (the
 * admin CLI's {@code snapshot}) see it.
 */
public final class ClientLocks {
    private final Store store;
    private final Ownership ownership;
    private final Map<String, Optional<BackupLock>> held = new ConcurrentHashMap<>();

    /** Locks seen only inside this process. */
    public ClientLocks() {
        this(null, null);
    }

    /** Locks that are also lock files under {@code ROOT/.byteback/locks/}. */
    public ClientLocks(Store store, Ownership ownership) {
        this.store = store;
        this.ownership = ownership;
    }

    /** @return false when the client is busy (here or in another process) */
    public boolean tryLock(String client) {
        if (held.putIfAbsent(client, Optional.empty()) != null) {
            return false;
        }
        if (store == null) {
            return true;
        }
        try {
            Optional<BackupLock> file = BackupLock.tryAcquire(store, client, ownership);
            if (file.isEmpty()) {
                held.remove(client);
                return false;
            }
            held.put(client, file);
            return true;
        } catch (IOException | RuntimeException e) {
            held.remove(client);
            throw e instanceof IOException io ? new UncheckedIOException("cannot take the lock of " + client, io)
                    : (RuntimeException) e;
        }
    }

    /** How long a new backup waits for the lock of one that is ending (its client gone, its threads stopping). */
    public static final java.time.Duration ENDING_WAIT = java.time.Duration.ofSeconds(5);

    /**
     * As {@link #tryLock}, but waits up to {@code wait} for the holder to let go: after a client is
     * killed its session needs a moment to stop its threads, and the client's immediate retry should
     * not be refused for that. A backup that really is running is refused after the wait.
     */
    public boolean lock(String client, java.time.Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (this) {
            while (true) {
                if (tryLock(client)) return true;
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                // unlock() wakes us; a lock held by another process (the CLI's snapshot) is polled
                wait(Math.max(1, Math.min(50, left / 1_000_000)));
            }
        }
    }

    public void unlock(String client) {
        Optional<BackupLock> file = held.remove(client);
        if (file != null && file.isPresent()) {
            try {
                file.get().close();
            } catch (IOException ignored) {
                // the lock goes with the descriptor anyway
            }
        }
        synchronized (this) {
            notifyAll();
        }
    }
}
