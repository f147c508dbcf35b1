package byteback.it.prune;

import byteback.testsupport.Sh;
import byteback.testsupport.LoopBtrfs;
import byteback.testsupport.SpareUser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Pruning inside the server on a real, small, loop-mounted btrfs (1 GiB, user_subvol_rm_allowed),
 * run as an unprivileged server user with a simulated clock: backups day after day never run out
 * of space, the newest snapshots stay, deletions follow the importance order; and a client that
 * suddenly sends far more than usual prunes nobody's snapshot and is told why.
 */
class ServerPrunesByItselfTest {
    private LoopBtrfs fs;
    private SpareUser user;
    private Path root;

    private void mount(String size) throws IOException {
        fs = LoopBtrfs.create(size);
        user = new SpareUser();
        root = fs.mountPoint().resolve("byteback");
        Files.createDirectory(root);
        user.own(root);
    }

    @AfterEach
    void unmount() throws IOException {
        try {
            if (user != null) {
                user.close();
            }
        } finally {
            if (fs != null) {
                fs.close();
            }
        }
    }

    @Test
    void backupsDayAfterDayNeverRunOutOfSpaceAndPruningFollowsTheOrder() throws IOException {
        mount("1G");
        Sh run = user.java(PruneScenario.class, 900, "daily", root.toString(), "36");
        System.out.println(run.stdout());
        System.out.println(run.stderr());
        assertEquals(0, run.exitCode(), "the scenario failed: " + tail(run.stderr()));

        Matcher summary = Pattern.compile("SUMMARY days=36 deletions=(\\d+) snapshots=(\\d+)").matcher(run.stdout());
        assertTrue(summary.find(), run.stdout());
        int deletions = Integer.parseInt(summary.group(1));
        int kept = Integer.parseInt(summary.group(2));
        assertTrue(deletions >= 10, "the disc should have filled and been pruned: " + deletions + " deletions");
        assertTrue(run.stderr().contains("pruned snapshot"), "every deletion is logged");
        assertTrue(run.stderr().contains("free space before"), "with free space before and after");

        // independent check with btrfs-progs: what is left are read-only snapshots, as many as reported
        List<String> snapshots = snapshotsOnDisc();
        assertEquals(kept, snapshots.size(), snapshots.toString());
        for (String s : snapshots) {
            assertEquals("ro=true", Sh.ok("btrfs", "property", "get", "-ts", root.resolve(s).toString(), "ro").trim(), s);
        }
        // the newest backups of every client are there: the last 7 days of the two daily clients
        for (String client : List.of("alpha", "beta")) {
            long recent = snapshots.stream().filter(s -> s.startsWith(client + "/2026-02-0")).count();
            assertTrue(recent >= 7, client + " keeps its last week: " + snapshots);
        }
        String df = Sh.ok("btrfs", "filesystem", "usage", "-b", fs.mountPoint().toString());
        assertTrue(df.contains("Free"), df);
    }

    @Test
    void aSuddenlyHugeBackupPrunesNothingAndTheClientIsToldWhy() throws IOException {
        mount("512M");
        Sh run = user.java(PruneScenario.class, 600, "growth", root.toString());
        System.out.println(run.stdout());
        System.out.println(run.stderr());
        assertEquals(0, run.exitCode(), "the scenario failed: " + tail(run.stderr()));
        assertTrue(run.stdout().contains("REFUSED"), run.stdout());
        assertTrue(run.stdout().contains("byteback-server allow-growth --root " + root + " --name alpha"), run.stdout());
        assertTrue(run.stderr().contains("refused to prune for a backup"), "the log says the same");
        assertTrue(run.stdout().contains("ALLOWED pruned="), run.stdout());
        assertEquals(24 + 1 - countPruned(run.stdout()), snapshotsOnDisc().size());
    }

    private static int countPruned(String stdout) {
        Matcher m = Pattern.compile("ALLOWED pruned=(\\d+)").matcher(stdout);
        assertTrue(m.find());
        return Integer.parseInt(m.group(1));
    }

    /** Snapshots under ROOT as btrfs-progs lists them: CLIENT/NAME, current excluded. */
    private List<String> snapshotsOnDisc() throws IOException {
        List<String> found = new ArrayList<>();
        for (String line : Sh.ok("btrfs", "subvolume", "list", "-o", fs.mountPoint().toString()).split("\n")) {
            int at = line.indexOf(" path ");
            if (at < 0) {
                continue;
            }
            String path = line.substring(at + 6).trim();
            String rel = path.startsWith("byteback/") ? path.substring("byteback/".length()) : path;
            if (!rel.endsWith("/current")) {
                found.add(rel);
            }
        }
        return found;
    }

    private static String tail(String text) {
        return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
    }
}
