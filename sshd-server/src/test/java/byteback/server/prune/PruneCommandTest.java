package byteback.server.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** prune --list on a store laid out as the original's (plain directories are enough to list). */
class PruneCommandTest {

    private static String run(PruneCommand command, String... args) {
        StringWriter out = new StringWriter();
        CommandLine cl = new CommandLine(command);
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(out));
        int exit = cl.execute(args);
        return exit + "\n" + out;
    }

    @Test
    void listPrintsEverySnapshotInPruningOrderAndDeletesNothing(@TempDir Path dir) throws IOException {
        Path root = dir.toRealPath();
        for (String s : new String[] {"a/current", "a/2026-11-26T10:00+0000", "a/2026-11-26T08:00+0000",
                "a/2026-11-25T10:00+0000", "a/2026-10-01T10:00+0000", "a/not-a-snapshot",
                "b/current", "b/2026-11-26T11:00+0000", "b/2026-11-24T12:00+0000",
                "c/2026-11-20T10:00+0000", ".byteback"}) {
            Files.createDirectories(root.resolve(s));
        }
        PruneCommand command = new PruneCommand();
        command.clock = Clock.fixed(Instant.parse("2026-11-26T15:00:00Z"), ZoneOffset.UTC);
        String output = run(command, "--root", root.toString(), "--list");
        // c has no current: not a client. Worked out as in PruneOrderTest.
        assertEquals("0\nSnapshots by importance, most important first:\n"
                + "  0: " + root.resolve("b/2026-11-26T11:00+0000") + "\n"
                + "  1: " + root.resolve("a/2026-11-26T10:00+0000") + "\n"
                + "  2: " + root.resolve("b/2026-11-24T12:00+0000") + "\n"
                + "  3: " + root.resolve("a/2026-11-25T10:00+0000") + "\n"
                + "  4: " + root.resolve("a/2026-10-01T10:00+0000") + "\n"
                + "  5: " + root.resolve("a/2026-11-26T08:00+0000") + "\n", output);
        assertEquals(true, Files.isDirectory(root.resolve("a/2026-10-01T10:00+0000")));

        PruneCommand byAge = new PruneCommand();
        byAge.clock = command.clock;
        String ages = run(byAge, "--root", root.toString(), "--list", "--order", "age");
        assertEquals("0\nSnapshots by age, most important first:\n"
                + "  0: " + root.resolve("b/2026-11-26T11:00+0000") + "\n"
                + "  1: " + root.resolve("a/2026-11-26T10:00+0000") + "\n"
                + "  2: " + root.resolve("a/2026-11-26T08:00+0000") + "\n"
                + "  3: " + root.resolve("a/2026-11-25T10:00+0000") + "\n"
                + "  4: " + root.resolve("b/2026-11-24T12:00+0000") + "\n"
                + "  5: " + root.resolve("a/2026-10-01T10:00+0000") + "\n", ages);
    }

    @Test
    void theServerCliHasPruneAndAllowGrowth(@TempDir Path dir) throws IOException {
        Path root = dir.toRealPath();
        Files.createDirectories(root.resolve("web1/current"));
        assertEquals(0, byteback.server.cli.Main.run("prune", "--root", root.toString(), "--list"));
        assertEquals(0, byteback.server.cli.Main.run("allow-growth", "--root", root.toString(), "--name", "web1"));
        assertEquals(true, new BackupSizes(root).growthAllowed("web1"));
        assertEquals(1, byteback.server.cli.Main.run("allow-growth", "--root", root.toString(), "--name", "nobody"));
        assertEquals(2, byteback.server.cli.Main.run("allow-growth", "--root", root.toString(), "--name", "../x"));
    }

    @Test
    void badOptionsAreUsageErrors(@TempDir Path root) {
        assertEquals('2', run(new PruneCommand(), "--root", root.toString(), "--list", "--prune").charAt(0));
        assertEquals('2', run(new PruneCommand(), "--root", root.toString()).charAt(0));
        assertEquals('2', run(new PruneCommand(), "--root", root.toString(), "--list", "--order", "size").charAt(0));
        assertEquals('2', run(new PruneCommand(), "--root", root.toString(), "--list", "--minpercent", "20").charAt(0));
    }
}
