package byteback.server.ssh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChunkPoolTest {
    @Test
    void aGivenChunkIsTakenAgain() {
        ChunkPool pool = new ChunkPool(32, 2);
        byte[] a = pool.take();
        assertEquals(32, a.length);
        pool.give(a);
        assertSame(a, pool.take());
        assertNotSame(a, pool.take(), "an empty pool makes a new chunk");
    }

    @Test
    void keepsNoMoreThanItsBound() {
        ChunkPool pool = new ChunkPool(32, 3);
        for (int i = 0; i < 10; i++) pool.give(new byte[32]);
        assertEquals(3, pool.pooled());
    }

    @Test
    void clearDropsEverything() {
        ChunkPool pool = new ChunkPool(32, 3);
        pool.give(new byte[32]);
        pool.clear();
        assertEquals(0, pool.pooled());
    }

    @Test
    void refusesAChunkOfAnotherSize() {
        ChunkPool pool = new ChunkPool(32, 3);
        assertThrows(IllegalArgumentException.class, () -> pool.give(new byte[16]));
    }
}
