package byteback.client.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunPartsTest {
    @TempDir
    Path dir;

    private Path script(String name, String body, boolean exec) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(exec ? "rwx------" : "rw-------"));
        return p;
    }

    @Test
    void runsValidExecutablesInOrderAndGoesOnAfterAFailure() throws Exception {
        script("20-second", "echo two", true);
        script("10-first", "echo one; exit 3", true);
        script("30-notexec", "echo no", false);
        script("40-bad.sh", "echo dotted names are skipped", true);
        script("50~", "echo backup files too", true);
        Files.createDirectory(dir.resolve("60-dir"));
        List<RunParts.Ran> ran = RunParts.run(dir);
        assertEquals(2, ran.size());
        assertEquals(dir.resolve("10-first"), ran.get(0).script());
        assertEquals(3, ran.get(0).exit());
        assertEquals("one\n", ran.get(0).output());
        assertEquals("two\n", ran.get(1).output());
        assertEquals(List.of(), RunParts.run(dir.resolve("missing")));
    }
}
