package byteback.server.jvm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 10: the systemd unit's server (packaging/byteback.service through its launcher
 * packaging/byteback-server) exits on an OutOfMemoryError, and systemd restarts it.
 */
class UnitFileTest {
    @Test
    void theUnitsJvmExitsOnOutOfMemoryAndKeepsThatAcrossTheFrugalRestart() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("..", "packaging", "byteback.service"));
        String exec = lines.stream().filter(l -> l.startsWith("ExecStart=")).findFirst().orElseThrow();
        // the unit starts the package's launcher, which runs java -jar
        assertTrue(exec.startsWith("ExecStart=/usr/bin/byteback-server serve "), exec);
        String launcher = Files.readAllLines(Path.of("..", "packaging", "byteback-server")).stream()
                .filter(l -> l.startsWith("exec java ")).findFirst().orElseThrow();
        List<String> words = Arrays.asList(launcher.split("\\s+"));
        int jar = words.indexOf("-jar");
        assertTrue(jar > 0 && words.subList(0, jar).contains("-XX:+ExitOnOutOfMemoryError"), launcher);
        assertTrue(lines.contains("Restart=on-failure"), "systemd restarts the exited server");
        // the option is no memory choice of the operator's: the server still re-executes frugally, keeping it
        List<String> jvm = List.of("-XX:+ExitOnOutOfMemoryError");
        assertFalse(FrugalJvm.operatorChose(jvm));
        List<String> again = FrugalJvm.command("/usr/bin/java", "/x/byteback-server.jar", "Main", jvm, Map.of(), 17, "serve")
                .orElseThrow();
        assertTrue(again.subList(0, again.indexOf("-jar")).contains("-XX:+ExitOnOutOfMemoryError"), again.toString());
    }
}
