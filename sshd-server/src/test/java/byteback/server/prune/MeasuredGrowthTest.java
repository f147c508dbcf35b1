package byteback.server.prune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.btrfs.Btrfs;
import byteback.rsync.protocol.SessionException;
import byteback.testsupport.LoopBtrfs;
import byteback.testsupport.Sh;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The size guard charges a run whichever is more, the estimates or what btrfs quota groups
 * measured (issue 14 item 6): a run that only changes existing entries (no estimate at all) is
 * stopped by the measure alone, and its measured cost is what the window remembers.
 */
class MeasuredGrowthTest {
    private static final long MIB = 1L << 20;
    private final LoopBtrfs fs = mount();
    private final Path root = fs.mountPoint();
    private final Btrfs btrfs = new Btrfs();
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC);
    private final PruneService service = new PruneService(root, btrfs, new PruneService.Settings(
            PruneSettings.DEFAULTS, Duration.ZERO, new GrowthLimit(2.0, MIB), GrowthWindow.DEFAULT), clock);

    private static LoopBtrfs mount() {
        try {
            return LoopBtrfs.create("256M");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        service.close();
        fs.close();
    }

    /** A measure that reports the given growths, one per poll, then the last one. */
    private static final class Scripted implements QuotaMeter.Measure {
        private final Deque<Long> polls;
        private final long last;

        Scripted(List<Long> polls, long last) {
            this.polls = new ArrayDeque<>(polls);
            this.last = last;
        }

        @Override
        public String describe() {
            return "scripted";
        }

        @Override
        public long poll() {
            return polls.isEmpty() ? -1 : polls.pollFirst();
        }

        @Override
        public long finish() {
            return last;
        }
    }

    @Test
    void theRunCostsWhicheverIsMoreEstimatesOrTheMeasure() {
        MeasuredCharge c = new MeasuredCharge();
        c.charged(10 * MIB);
        assertEquals(0, c.topUp(4 * MIB), "the estimates already cover the measure");
        assertEquals(6 * MIB, c.topUp(16 * MIB), "the measure saw more: the difference on top");
        assertEquals(0, c.topUp(12 * MIB), "a measure that fell (a deletion) gives nothing back");
        c.charged(MIB);
        assertEquals(17 * MIB, c.total(), "estimates after a measure add to it");
        assertEquals(MIB, c.topUp(18 * MIB));
    }

    @Test
    void changesThatNoEstimateCountsAreStoppedByTheMeasure() throws Exception {
        // the first backup stores 2 MiB by the measure (the estimates saw only 1 MiB)
        BackupListener first = new BackupListener(service, "c", new Scripted(List.of(), 2 * MIB));
        first.metadata(MIB);
        assertEquals(2 * MIB, first.finish());
        service.afterSnapshot("c", root.resolve("c/2026-12-05T12:00+0000"));
        assertEquals(2 * MIB, service.sizes("c").ledger().total());

        // the next run only changes existing entries: 1 MiB measured, within the 2 MiB allowance; then 3 MiB
        BackupListener next = new BackupListener(service, "c", new Scripted(List.of(MIB, 3 * MIB), -1));
        next.changed();
        assertEquals(MIB, service.pending("c"));
        SessionException stop = assertThrows(SessionException.class, next::changed);
        assertTrue(stop.getMessage().contains("grown by 3.0 MiB") && stop.getMessage().contains("allow-growth"),
                stop.getMessage());
        assertEquals(stop.getMessage(), next.stoppedBecause());
    }

    @Test
    void withoutAMeasureChangesCostNothingAndAreNotStopped() throws Exception {
        BackupListener first = new BackupListener(service, "c", new QuotaMeter.Unmeasured("test"));
        first.metadata(MIB);
        assertEquals(MIB, first.finish());
        service.afterSnapshot("c", root.resolve("c/2026-12-05T12:00+0000"));
        BackupListener next = new BackupListener(service, "c", new QuotaMeter.Unmeasured("test"));
        for (int i = 0; i < 1000; i++) next.changed();
        assertEquals(0, service.pending("c"));
    }

    @Test
    void aRunIsAskedAtItsFirstChangeWhetherTheWindowIsAlreadySpent() throws Exception {
        BackupListener first = new BackupListener(service, "c", new Scripted(List.of(), 2 * MIB));
        first.finish();
        service.afterSnapshot("c", root.resolve("c/2026-12-05T12:00+0000"));
        BackupListener second = new BackupListener(service, "c", new Scripted(List.of(), 5 * MIB));
        second.changed();
        second.finish(); // measured after it ended: over the allowance, on record
        BackupListener third = new BackupListener(service, "c", new QuotaMeter.Unmeasured("quotas off now"));
        assertThrows(SessionException.class, third::changed, "refused at once, before anything is written");
    }

    @Test
    void withQuotasTheMeterSeesChangedEntriesThatNoEstimateCounts() throws Exception {
        Path current = root.resolve("c/current");
        Files.createDirectories(current.getParent());
        btrfs.createSubvolume(current);
        for (int i = 0; i < 5000; i++) Files.createDirectory(current.resolve("d" + i));
        Sh.ok("btrfs", "quota", "enable", root.toString());
        Sh.ok("btrfs", "quota", "rescan", "-w", root.toString());
        btrfs.snapshot(current, root.resolve("c/snap"), true); // current now shares every tree block
        btrfs.commit(current);

        QuotaMeter meter = new QuotaMeter(root, btrfs, Duration.ZERO, Duration.ZERO);
        QuotaMeter.Measure m = meter.start(current);
        assertTrue(m.describe().startsWith("btrfs quota groups (qgroup, subvolume "), m.describe());
        for (int i = 0; i < 5000; i++) {
            Files.setLastModifiedTime(current.resolve("d" + i), java.nio.file.attribute.FileTime.fromMillis(1000));
        }
        long grown = m.finish();
        long exclusive = QgroupShow.exclusive(root, btrfs.info(current).id());
        System.out.printf("5000 directories' times changed: measured %d bytes, btrfs qgroup show says %d exclusive%n",
                grown, exclusive);
        assertTrue(grown >= 5000 * 100, "the copied tree blocks: " + grown);
        assertTrue(grown <= exclusive && exclusive - grown <= 64 << 10,
                "growth since the start, as btrfs qgroup show counts it: " + grown + " of " + exclusive);
    }

    @Test
    void theMeterStartsCommitsSoThatARunIsMeasuredWhileItRuns() throws Exception {
        Path current = root.resolve("c/current");
        Files.createDirectories(current.getParent());
        btrfs.createSubvolume(current);
        Sh.ok("btrfs", "quota", "enable", root.toString());
        Sh.ok("btrfs", "quota", "rescan", "-w", root.toString());
        Sh.ok("mount", "-o", "remount,commit=3000", root.toString()); // btrfs itself commits no more meanwhile
        btrfs.commit(current);

        QuotaMeter meter = new QuotaMeter(root, btrfs, Duration.ZERO, Duration.ofNanos(1));
        try {
            QuotaMeter.Measure m = meter.start(current);
            for (int i = 0; i < 2000; i++) Files.createDirectory(current.resolve("d" + i));
            long grown = m.poll();
            for (int i = 0; i < 6000 && grown < 100_000; i++) { // hang guard only: the meter's commits make it count
                Thread.sleep(20);
                grown = m.poll();
            }
            assertTrue(grown >= 100_000, "2000 new directories measured before the run ends: " + grown);
        } finally {
            meter.close();
        }
    }

    /** {@code btrfs qgroup show --raw}: the reference the meter is checked against. */
    static final class QgroupShow {
        static long exclusive(Path fs, long subvolume) throws IOException {
            for (String line : Sh.ok("btrfs", "qgroup", "show", "--raw", fs.toString()).split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 3 && f[0].equals("0/" + subvolume)) return Long.parseLong(f[2]);
            }
            throw new IOException("no quota group 0/" + subvolume);
        }
    }

    @Test
    void withoutQuotasTheLogSaysEstimatesOnly() {
        QuotaMeter.Measure m = new QuotaMeter(root, new Btrfs(), QuotaMeter.POLL_EVERY, Duration.ZERO)
                .start(root.resolve("c/current"));
        assertTrue(m.describe().startsWith("estimates only (btrfs quotas are off"), m.describe());
        assertEquals(-1, m.poll());
    }
}
