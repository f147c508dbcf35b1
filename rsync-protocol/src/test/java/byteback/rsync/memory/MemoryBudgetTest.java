package byteback.rsync.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    private static final long MIB = 1 << 20;

    @Test
    void reservationsShareTheCapacityAndGiveEverythingBackOnClose() throws Exception {
        MemoryBudget budget = new MemoryBudget(4 * MIB, 0);
        Reservation a = budget.open();
        Reservation b = budget.open();
        a.reserve(3 * MIB);
        assertEquals(3 * MIB, budget.reserved());
        MemoryBudgetExceededException e = assertThrows(MemoryBudgetExceededException.class, () -> b.reserve(2 * MIB));
        assertTrue(e.getMessage().contains("memory budget for all connections (4.0 MiB, 3.0 MiB held by other"),
                e.getMessage());
        assertEquals(0, b.used(), "a refused reservation counts nothing");
        b.reserve(MIB);
        assertEquals(4 * MIB, budget.reserved());
        a.close();
        a.close();
        assertEquals(MIB, budget.reserved());
        b.reserve(2 * MIB);
        b.close();
        assertEquals(0, budget.reserved());
        assertEquals(0, budget.openReservations());
    }

    @Test
    void smallChargesAreTakenFromThePoolInChunks() throws Exception {
        MemoryBudget budget = new MemoryBudget(4 * MIB, 0);
        try (Reservation r = budget.open()) {
            for (int i = 0; i < 1000; i++) {
                r.reserve(200);
            }
            assertEquals(200_000, r.used());
            assertEquals(Reservation.CHUNK, budget.reserved());
        }
        assertEquals(0, budget.reserved());
    }

    @Test
    void theLastBytesOfThePoolAreGivenWithoutRoundingUp() throws Exception {
        MemoryBudget budget = new MemoryBudget(Reservation.CHUNK + 10, 0);
        try (Reservation r = budget.open()) {
            r.reserve(Reservation.CHUNK + 10);
            assertEquals(Reservation.CHUNK + 10, budget.reserved());
            assertThrows(MemoryBudgetExceededException.class, () -> r.reserve(1));
        }
    }

    @Test
    void releaseGivesWholeChunksBack() throws Exception {
        MemoryBudget budget = new MemoryBudget(8 * MIB, 0);
        try (Reservation r = budget.open()) {
            r.reserve(5 * MIB);
            r.release(4 * MIB);
            assertEquals(MIB, r.used());
            assertEquals(MIB, budget.reserved());
            assertThrows(IllegalArgumentException.class, () -> r.release(2 * MIB));
        }
        assertEquals(0, budget.reserved());
    }

    @Test
    void theLargestHolderIsRefusedWhileASmallerOneWaitsForItsMemory() throws Exception {
        MemoryBudget budget = new MemoryBudget(4 * MIB, 60_000);
        Reservation hostile = budget.open();
        Reservation honest = budget.open();
        honest.reserve(Reservation.CHUNK);
        hostile.reserve(4 * MIB - Reservation.CHUNK); // the pool is full
        CountDownLatch started = new CountDownLatch(1);
        AtomicReference<Throwable> honestResult = new AtomicReference<>();
        Thread t = new Thread(() -> {
            started.countDown();
            try {
                honest.reserve(MIB); // smaller holder: waits
                honestResult.set(null);
            } catch (Throwable e) {
                honestResult.set(e);
            }
        });
        honestResult.set(new AssertionError("not finished"));
        t.start();
        started.await();
        // the largest holder asks for more: refused at once, and its connection ends
        assertThrows(MemoryBudgetExceededException.class, () -> hostile.reserve(1));
        hostile.close();
        t.join(30_000);
        assertEquals(null, honestResult.get());
        assertEquals(MIB + Reservation.CHUNK, honest.used());
        honest.close();
        assertEquals(0, budget.reserved());
    }

    @Test
    void aSmallerHolderIsRefusedWhenNoMemoryComesBackInTime() throws Exception {
        MemoryBudget budget = new MemoryBudget(MIB, 50);
        try (Reservation big = budget.open(); Reservation small = budget.open()) {
            big.reserve(MIB);
            assertThrows(MemoryBudgetExceededException.class, () -> small.reserve(1));
            assertEquals(0, small.used());
        }
        assertEquals(0, budget.reserved());
    }

    @Test
    void theUnlimitedBudgetNeverRefusesAndKeepsNoBook() throws Exception {
        try (Reservation r = MemoryBudget.UNLIMITED.open()) {
            r.reserve(Long.MAX_VALUE / 2);
        }
        assertEquals(0, MemoryBudget.UNLIMITED.reserved());
        assertEquals(0, MemoryBudget.UNLIMITED.openReservations());
    }

    @Test
    void heapPercentIsAShareOfMaxMemory() {
        long heap = Runtime.getRuntime().maxMemory();
        long cap = MemoryBudget.ofHeapPercent(50).capacity();
        assertTrue(cap <= heap / 2 && cap >= heap / 2 - 100, cap + " vs " + heap);
        assertThrows(IllegalArgumentException.class, () -> MemoryBudget.ofHeapPercent(0));
    }

    /** Any sequence of reserve/release/close keeps the pool's books: never over capacity, all back at the end. */
    @Property(tries = 200)
    void thePoolNeverLendsMoreThanItHasAndGetsEverythingBack(
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 3_000_000) Integer> amounts,
            @ForAll @Size(max = 60) List<@IntRange(min = 0, max = 8) Integer> ops) {
        MemoryBudget budget = new MemoryBudget(6 * MIB, 0);
        List<Reservation> rs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            rs.add(budget.open());
        }
        for (int i = 0; i < Math.min(amounts.size(), ops.size()); i++) {
            Reservation r = rs.get(ops.get(i) % 3);
            long n = amounts.get(i);
            try {
                switch (ops.get(i) / 3) {
                    case 0 -> r.reserve(n);
                    case 1 -> r.release(Math.min(n, r.used()));
                    default -> {
                        if (ops.get(i) == 8) {
                            r.close();
                            rs.set(ops.get(i) % 3, budget.open());
                        } else {
                            r.reserve(n / 100);
                        }
                    }
                }
            } catch (MemoryBudgetExceededException e) {
                // refused: the pool was short
            }
            long used = rs.stream().mapToLong(Reservation::used).sum();
            assertTrue(budget.reserved() <= budget.capacity());
            assertTrue(budget.reserved() >= used, budget.reserved() + " < " + used);
        }
        rs.forEach(Reservation::close);
        assertEquals(0, budget.reserved());
        assertEquals(0, budget.openReservations());
    }
}
