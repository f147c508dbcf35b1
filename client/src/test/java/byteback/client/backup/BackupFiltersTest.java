package byteback.client.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup's filters decide as stock rsync does: the same --exclude options, excludes file and
 * merge filter given to rsync 3.5.0 with byteback's flags (--list-only) list exactly the entries
 * our filters let through.
 */
class BackupFiltersTest {
    @TempDir
    Path dir;

    @Test
    void sameSelectionAsStockRsync() throws Exception {
        Path src = dir.resolve("src");
        for (String d : new String[] {"a/tmp", "a/keep", "b/cache/x", "c", "logs/old", "var/tmp/deep"}) {
            Files.createDirectories(src.resolve(d));
        }
        for (String f : new String[] {"a/tmp/t1", "a/keep/k.o", "a/keep/k.c", "b/cache/x/big", "c/core", "c/notes.txt",
                "logs/old/1.log", "logs/now.log", "var/tmp/deep/f", "top.swp", "important.swp"}) {
            Files.writeString(src.resolve(f), f);
        }
        String rel = src.toString().substring(1);
        List<String> excludes = List.of("/" + rel + "/a/tmp/", "*.o", "core");
        String excludeFrom = "# comment\n; also a comment\n\n/" + rel + "/var/tmp/\n- cache/\n";
        Path sub = Files.writeString(dir.resolve("more.rules"), "- *.log\n");
        String merge = "+ important.swp\n- *.swp\nmerge " + sub + "\n+ now.log\n";
        Path excludeFile = Files.writeString(dir.resolve("excludes"), excludeFrom);
        Path mergeFile = Files.writeString(dir.resolve("rsync_filter"), merge);

        List<String> cmd = new ArrayList<>(List.of("rsync", "--archive", "--relative", "--delete-excluded", "--list-only"));
        for (String e : excludes) cmd.addAll(List.of("--exclude", e));
        cmd.addAll(List.of("--exclude-from", excludeFile.toString(), "--filter", "merge " + mergeFile, src + "/"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String listing = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), listing);
        TreeSet<String> stock = new TreeSet<>();
        for (String line : listing.split("\n")) {
            if (line.isBlank()) continue;
            String name = line.substring(line.indexOf(':') + 4); // "drwx... size date time name": after the time
            name = name.substring(name.indexOf(' ') + 1);
            if (name.startsWith(rel + "/")) stock.add(name.substring(rel.length() + 1));
        }

        BackupFilters filters = BackupFilters.of(excludes, excludeFrom, merge, dir);
        TreeSet<String> ours = new TreeSet<>();
        walk(src, rel, "", filters, ours);
        assertEquals(stock, ours);
        assertEquals(List.of(), filters.forReceiver(), "plain rules stay on the sender with --delete-excluded");
    }

    private static void walk(Path dir, String rel, String prefix, BackupFilters f, TreeSet<String> out) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                String name = prefix + p.getFileName();
                boolean isDir = Files.isDirectory(p);
                if (f.excluded(rel + "/" + name, isDir)) continue;
                out.add(name);
                if (isDir) walk(p, rel, name + "/", f, out);
            }
        }
    }

    @Test
    void receiverRulesAreSent() throws Exception {
        BackupFilters f = BackupFilters.of(List.of("/proc"), null, "P /keep/\n- *.tmp\n", dir);
        assertEquals(List.of("- /proc", "P /keep/", "- *.tmp"), f.rules());
        assertEquals(1, f.forReceiver().size());
        assertEquals(true, f.excluded("proc", true));
        assertEquals(false, f.excluded("etc", true));
    }
}
