package byteback.server.ssh;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** One backup (or snapshot) at a time per client; different clients never wait for each other. */
public final class ClientLocks {
    private final Set<String> busy = ConcurrentHashMap.newKeySet();

    /** @return false when the client is busy */
    public boolean tryLock(String client) {
        return busy.add(client);
    }

    public void unlock(String client) {
        busy.remove(client);
    }
}
