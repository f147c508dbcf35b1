package byteback.server.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;

import byteback.rsync.store.StoredEntry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Version choice, mode strings and the table, against the original's documented output. */
class ListingTest {
    static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");

    static StoredVersion v(String snapshot, String path, int mode, long size, String mtime) {
        return v(snapshot, path, mode, size, mtime, null);
    }

    static StoredVersion v(String snapshot, String path, int mode, long size, String mtime, String target) {
        StoredEntry e = new StoredEntry(StoredEntry.DiskType.REGULAR, mode, 1000, 1000, 0, 0, size, Instant.parse(mtime), 1, 1, 1,
                target == null ? null : target.getBytes(StandardCharsets.UTF_8), true, null);
        return new StoredVersion(snapshot, path.getBytes(StandardCharsets.UTF_8), e);
    }

    static final List<StoredVersion> BASHRC = List.of(
            v("2015-04-30T11:44+0100", "/home/patch/.bashrc", 0100644, 3637, "2014-03-10T10:13:33Z"),
            v("2015-07-17T15:11+0100", "/home/patch/.bashrc", 0100644, 3637, "2014-03-10T10:13:33Z"),
            v("2015-11-25T11:14+0000", "/home/patch/.bashrc", 0100644, 3638, "2015-07-30T15:33:30Z"),
            v("current", "/home/patch/.bashrc", 0100644, 3638, "2015-07-30T15:33:30Z"));

    @Test
    void newestIsCurrentAllIsOnePerDistinctVersionEveryIsEveryCopy() {
        assertEquals(List.of("current"), snapshots(VersionChoice.NEWEST.choose(BASHRC, NOW)));
        // the newest snapshot holding each version, oldest version first (the man page's --all example)
        assertEquals(List.of("2015-07-17T15:11+0100", "current"), snapshots(VersionChoice.DISTINCT.choose(BASHRC, NOW)));
        assertEquals(List.of("2015-04-30T11:44+0100", "2015-07-17T15:11+0100", "2015-11-25T11:14+0000", "current"),
                snapshots(VersionChoice.EVERY.choose(BASHRC, NOW)));
    }

    @Test
    void tableIsTheOriginals() { // expected text produced by the original's list code run in ruby on the same cells
        List<StoredVersion> rows = List.of(
                v("current", "/home/patch/.bash_history", 0100600, 47931, "2015-11-29T09:26:10Z"),
                v("current", "/home/patch/.bashrc", 0100644, 3638, "2015-07-30T15:33:30Z"),
                v("current", "/home/patch/link", 0120777, 7, "2015-07-30T15:33:30Z", "target\n"));
        String table = new String(ListingTable.format(rows, ZoneOffset.UTC), StandardCharsets.UTF_8);
        assertEquals(""
                + "snapshot modestring size  uid  gid  mtime                     path                      \n"
                + "-----------------------------------------------------------------------------------------\n"
                + "current  -rw------- 47931 1000 1000 2015-11-29 09:26:10 +0000 /home/patch/.bash_history \n"
                + "current  -rw-r--r-- 3638  1000 1000 2015-07-30 15:33:30 +0000 /home/patch/.bashrc       \n"
                + "current  lrwxrwxrwx 7     1000 1000 2015-07-30 15:33:30 +0000 /home/patch/link -> target\n", table);
        String paris = new String(ListingTable.format(rows.subList(1, 2), ZoneId.of("Europe/London")), StandardCharsets.UTF_8);
        assertEquals(true, paris.contains("2015-07-30 16:33:30 +0100"), paris);
    }

    @Test
    void modeStrings() {
        assertEquals("drwxr-xr-x", ModeString.of(040755));
        assertEquals("-rwsr-sr-t", ModeString.of(0107755));
        assertEquals("-rwSr-Sr-T", ModeString.of(0107644));
        assertEquals("crw-rw----", ModeString.of(020660));
        assertEquals("brw-rw----", ModeString.of(060660));
        assertEquals("prw-r--r--", ModeString.of(010644));
        assertEquals("srwxrwxrwx", ModeString.of(0140777));
        assertEquals("lrwxrwxrwx", ModeString.of(0120777));
    }

    /** Whatever the order found, each choice lists paths in order and NEWEST has one copy per path. */
    @Property(tries = 200)
    void choiceDoesNotDependOnTheOrderFound(@ForAll @IntRange(min = 0, max = 1000) int seed) {
        List<StoredVersion> found = new ArrayList<>();
        String[] snaps = {"2026-01-01T00:00+0000", "2026-02-01T00:00+0000", "current"};
        java.util.Random r = new java.util.Random(seed);
        for (String s : snaps) {
            for (String p : new String[] {"/a", "/b", "/a/b"}) {
                if (r.nextBoolean()) found.add(v(s, p, 0100644, r.nextInt(3), "2026-01-0" + (1 + r.nextInt(3)) + "T00:00:00Z"));
            }
        }
        for (VersionChoice c : VersionChoice.values()) {
            List<StoredVersion> expected = c.choose(found, NOW);
            List<StoredVersion> shuffled = new ArrayList<>(found);
            Collections.shuffle(shuffled, r);
            assertEquals(expected, c.choose(shuffled, NOW));
        }
        List<StoredVersion> newest = VersionChoice.NEWEST.choose(found, NOW);
        assertEquals(newest.stream().map(x -> new String(x.path())).distinct().count(), newest.size());
        for (StoredVersion n : newest) {
            boolean inCurrent = found.stream().anyMatch(f -> f.snapshot().equals("current") && java.util.Arrays.equals(f.path(), n.path()));
            if (inCurrent) assertEquals("current", n.snapshot());
        }
    }

    private static List<String> snapshots(List<StoredVersion> vs) {
        return vs.stream().map(StoredVersion::snapshot).toList();
    }
}
