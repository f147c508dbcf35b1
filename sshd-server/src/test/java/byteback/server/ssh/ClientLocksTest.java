package byteback.server.ssh;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class ClientLocksTest {
    @Test
    void aRetryWaitsForABackupThatIsEndingInsteadOfBeingRefused() throws Exception {
        ClientLocks locks = new ClientLocks();
        assertTrue(locks.tryLock("alpha"));
        assertFalse(locks.tryLock("alpha"), "busy");
        CountDownLatch ending = new CountDownLatch(1);
        Thread oldSession = new Thread(() -> {
            try {
                ending.await(); // its client was killed: it stops its threads, then lets go
                locks.unlock("alpha");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        oldSession.start();
        ending.countDown();
        assertTrue(locks.lock("alpha", Duration.ofSeconds(30)), "the retry gets the lock once the old session let go");
        oldSession.join();
        assertTrue(locks.tryLock("beta"), "other clients never wait");
    }

    @Test
    void aBackupThatGoesOnIsStillRefusedAfterTheWait() throws Exception {
        ClientLocks locks = new ClientLocks();
        assertTrue(locks.tryLock("alpha"));
        long t0 = System.nanoTime();
        assertFalse(locks.lock("alpha", Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - t0 >= 200_000_000L);
        locks.unlock("alpha");
        assertTrue(locks.lock("alpha", Duration.ZERO));
    }
}
