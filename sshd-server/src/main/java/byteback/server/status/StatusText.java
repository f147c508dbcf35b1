package byteback.server.status;

import byteback.server.prune.Bytes;
import byteback.server.snapshot.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code status} for people (pure): a line about the store, a heading, then one line a client. */
public final class StatusText {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final String ROW = "%-20s %-19s %-19s %-14s %-10s %-9s %-19s %-22s %s";

    private StatusText() {}

    public static List<String> lines(StoreStatus s, ZoneId zone, boolean quotas) {
        List<String> out = new ArrayList<>();
        out.add("store " + s.root() + ": " + (s.freeBytes() < 0 ? "free space unknown"
                : String.format(Locale.ROOT, "%.1f%% free (%s of %s)", s.freePercent(), Bytes.human(s.freeBytes()),
                        Bytes.human(s.totalBytes())))
                + (s.trend() == null ? "" : ", " + trend(s.trend()))
                + ", " + (s.pruning() ? "pruning (free space fell to the low mark)" : "not pruning")
                + "; disc use " + (quotas ? "from btrfs quota groups (exclusive of all its subvolumes / referenced by current)"
                        : "estimated: apparent size of current (btrfs quotas are off)"));
        out.add(String.format(Locale.ROOT, ROW, "CLIENT", "LAST BACKUP", "ITS SNAPSHOT", "AGE", "WRITTEN", "SNAPSHOTS",
                "OLDEST", "DISC USE", "LAST ATTEMPT"));
        for (ClientStatus c : s.clients()) {
            Duration age = c.age(s.time());
            out.add(String.format(Locale.ROOT, ROW, c.client(),
                    c.lastBackedUp() == null ? "never" : time(c.lastBackedUp(), zone),
                    c.lastSnapshot() == null ? "-" : c.lastSnapshot(),
                    age == null ? "-" : Durations.words(age),
                    c.lastBackup() == null ? "-" : Bytes.human(c.lastBackupBytesWritten()),
                    c.snapshots(),
                    c.oldestSnapshot() == null ? "-" : c.oldestSnapshot(),
                    disc(c.disc()),
                    attempts(c, s.time(), zone)).stripTrailing());
        }
        if (s.clients().isEmpty()) out.add("(no clients)");
        return out;
    }

    static String trend(FreeSpaceTrend t) {
        String change = t.changeBytes() == 0 ? "unchanged" : (t.changeBytes() > 0 ? "+" : "-") + Bytes.human(Math.abs(t.changeBytes()));
        return change + " in " + Durations.words(t.over());
    }

    static String disc(DiscUse d) {
        return switch (d.method()) {
            case QGROUPS -> Bytes.human(d.exclusive()) + " / " + Bytes.human(d.referenced()) + (d.complete() ? "" : " (stale)");
            case ESTIMATE -> (d.complete() ? "~" : ">=") + Bytes.human(d.referenced());
            case UNKNOWN -> "?";
        };
    }

    /** The running backup (if any) and the last attempt, with its result and reason. */
    static String attempts(ClientStatus c, Instant now, ZoneId zone) {
        List<String> parts = new ArrayList<>();
        if (c.running() != null) parts.add(describe(c.running(), now, zone));
        if (c.lastAttempt() != null) {
            String last = (parts.isEmpty() ? "" : "before: ") + describe(c.lastAttempt(), now, zone);
            if (c.lastAttempt().kind() == Attempt.Kind.SNAPSHOT && c.lastBackup() != null) {
                last += " after " + describe(c.lastBackup(), now, zone); // what the snapshot completed (or not)
            }
            parts.add(last);
        }
        return parts.isEmpty() ? "-" : String.join("; ", parts);
    }

    static String describe(Attempt a, Instant now, ZoneId zone) {
        String kind = a.kind().name().toLowerCase(Locale.ROOT);
        String at = time(a.started(), zone);
        return switch (a.result()) {
            case RUNNING -> kind + " running since " + at + " (" + Durations.words(a.duration(now))
                    + (a.bytesWritten() > 0 ? ", " + Bytes.human(a.bytesWritten()) + " written, " + a.files() + " files so far" : "")
                    + ", server pid " + a.pid() + ")";
            case ABANDONED -> kind + " abandoned: started " + at + ", " + a.reason();
            case SUCCESS -> a.kind() == Attempt.Kind.SNAPSHOT ? "snapshot " + a.snapshot() + " made " + at
                    : kind + " ok " + at + " (" + Durations.words(a.duration(now)) + ", " + a.files() + " files, "
                            + Bytes.human(a.bytesWritten()) + " written" + (a.reason().isEmpty() ? "" : "; " + a.reason()) + ")";
            case FAILED -> kind + " failed " + at + ": exit " + a.exitCode() + ", " + a.reason();
            case REFUSED -> kind + " refused " + at + ": " + a.reason();
        };
    }

    static String time(Instant t, ZoneId zone) {
        return TIME.format(t.atZone(zone));
    }
}
