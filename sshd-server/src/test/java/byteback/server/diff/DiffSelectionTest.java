package byteback.server.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DiffSelectionTest {
    private static final List<String> THREE = List.of("2026-11-01T00:00+0000", "2026-11-02T00:00+0000", "2026-11-03T00:00+0000");

    @Test
    void defaultsToTheTwoNewest() {
        assertEquals(new DiffSelection.Pair(THREE.get(1), THREE.get(2)), DiffSelection.choose(List.of(), THREE));
        assertEquals(new DiffSelection.Pair(THREE.get(0), "current"), DiffSelection.choose(List.of(), THREE.subList(0, 1)));
        assertThrows(IllegalArgumentException.class, () -> DiffSelection.choose(List.of(), List.of()));
    }

    @Test
    void oneNameIsComparedWithTheNewest() {
        assertEquals(new DiffSelection.Pair(THREE.get(0), THREE.get(2)), DiffSelection.choose(List.of(THREE.get(0)), THREE));
        assertEquals(new DiffSelection.Pair(THREE.get(2), "current"), DiffSelection.choose(List.of(THREE.get(2)), THREE));
    }

    @Test
    void twoNamesAsGivenAndUnknownNamesRefused() {
        assertEquals(new DiffSelection.Pair("current", THREE.get(0)), DiffSelection.choose(List.of("current", THREE.get(0)), THREE));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DiffSelection.choose(List.of("../../etc"), THREE));
        assertTrue(e.getMessage().contains("no snapshot named"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DiffSelection.choose(List.of("a", "b", "c"), THREE));
    }
}
