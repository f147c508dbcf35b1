package byteback.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class MemoryBudgetOptionTest {
    @Test
    void aPercentageIsAShareOfTheHeap() {
        long heap = Runtime.getRuntime().maxMemory();
        assertEquals(heap / 100 * 50, ServeCommand.memoryBudget("50%").capacity());
        assertEquals(heap / 100 * 25, ServeCommand.memoryBudget(" 25 % ").capacity());
    }

    @Test
    void aSizeIsTakenAsItIs() {
        assertEquals(512L << 20, ServeCommand.memoryBudget("512M").capacity());
        assertEquals(2L << 30, ServeCommand.memoryBudget("2GiB").capacity());
    }

    @Test
    void nonsenseIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ServeCommand.memoryBudget("0%"));
        assertThrows(IllegalArgumentException.class, () -> ServeCommand.memoryBudget("150%"));
        assertThrows(IllegalArgumentException.class, () -> ServeCommand.memoryBudget("x%"));
        assertThrows(IllegalArgumentException.class, () -> ServeCommand.memoryBudget("lots"));
    }
}
