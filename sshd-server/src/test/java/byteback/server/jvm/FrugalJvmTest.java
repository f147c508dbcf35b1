package byteback.server.jvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrugalJvmTest {
    private static final String MAIN = "byteback.server.cli.Main";

    @Test
    void plainJavaJarIsRestartedWithTheFrugalOptionsAndTheSameArguments() {
        var cmd = FrugalJvm.command("/usr/lib/jvm/x/bin/java", "byteback-server.jar", MAIN, List.of(), Map.of(), 17,
                "serve", "--port", "2222").orElseThrow();
        assertEquals("/usr/lib/jvm/x/bin/java", cmd.get(0));
        assertEquals(FrugalJvm.BASE, cmd.subList(1, 1 + FrugalJvm.BASE.size()));
        assertEquals(List.of("-jar", "byteback-server.jar", "serve", "--port", "2222"),
                cmd.subList(cmd.size() - 5, cmd.size()));
        assertFalse(cmd.contains("-XX:+UseCompactObjectHeaders"), "not a Java 17 option");
    }

    @Test
    void java25GetsCompactObjectHeaders() {
        assertTrue(FrugalJvm.options(25).contains("-XX:+UseCompactObjectHeaders"));
        assertFalse(FrugalJvm.options(21).contains("-XX:+UseCompactObjectHeaders"));
    }

    @Test
    void theOperatorsOwnMemoryOptionsAreKept() {
        for (String opt : List.of("-Xmx64m", "-Xms1g", "-XX:MaxRAMPercentage=50", "-XX:+UseG1GC", "-XX:+UseSerialGC",
                "-XX:MaxHeapSize=1g")) {
            assertTrue(FrugalJvm.command("java", "s.jar", MAIN, List.of("-Dx=y", opt), Map.of(), 17, "serve").isEmpty(),
                    opt);
        }
    }

    @Test
    void otherJvmArgumentsAreCarriedOver() {
        var cmd = FrugalJvm.command("java", "a.jar:b.jar", MAIN, List.of("-Dfoo=bar"), Map.of(), 17, "serve")
                .orElseThrow();
        assertTrue(cmd.contains("-Dfoo=bar"));
        assertEquals(List.of("-cp", "a.jar:b.jar", MAIN, "serve"), cmd.subList(cmd.size() - 4, cmd.size()));
    }

    @Test
    void neverTwiceAndNotWhenTurnedOff() {
        assertTrue(FrugalJvm.command("java", "s.jar", MAIN, List.of(), Map.of(FrugalJvm.MARKER, "1"), 17, "serve")
                .isEmpty());
        assertTrue(FrugalJvm.command("java", "s.jar", MAIN, List.of(), Map.of(FrugalJvm.OPT_OUT, "no"), 17, "serve")
                .isEmpty());
    }

    @Test
    void theRestartedEnvironmentIsMarkedAndLimitsMallocArenas() {
        Map<String, String> env = FrugalJvm.environment(Map.of("PATH", "/bin"));
        assertEquals("1", env.get(FrugalJvm.MARKER));
        assertEquals("2", env.get("MALLOC_ARENA_MAX"));
        assertEquals("/bin", env.get("PATH"));
        assertEquals("8", FrugalJvm.environment(Map.of("MALLOC_ARENA_MAX", "8")).get("MALLOC_ARENA_MAX"));
    }
}
