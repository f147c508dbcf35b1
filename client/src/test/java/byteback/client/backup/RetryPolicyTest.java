package byteback.client.backup;

import static byteback.client.backup.RetryPolicy.Decision.FATAL;
import static byteback.client.backup.RetryPolicy.Decision.GIVE_UP;
import static byteback.client.backup.RetryPolicy.Decision.RETRY;
import static byteback.client.backup.RetryPolicy.Decision.SUCCESS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RetryPolicyTest {
    @Test
    void acceptsRetriesAndGivesUp() {
        RetryPolicy p = new RetryPolicy(2);
        assertEquals(SUCCESS, p.after(0));
        assertEquals(SUCCESS, p.after(24));
        assertEquals(RETRY, p.after(30));
        assertEquals(RETRY, p.after(23));
        assertEquals(GIVE_UP, p.after(10));
        assertEquals(SUCCESS, p.after(0));
    }

    @Test
    void everyRetryableCodeAndSomeFatalOnes() {
        for (int c : new int[] {10, 11, 20, 21, 22, 23, 30}) assertEquals(RETRY, new RetryPolicy(1).after(c));
        for (int c : new int[] {1, 2, 3, 5, 12, 13, 14, 25, 35, 255}) assertEquals(FATAL, new RetryPolicy(5).after(c));
        assertEquals(GIVE_UP, new RetryPolicy(0).after(12 - 1));
    }
}
