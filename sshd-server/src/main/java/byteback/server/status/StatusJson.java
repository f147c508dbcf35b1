package byteback.server.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * {@code status --json} (pure). The shape is stable: keys are only ever added. Times are ISO-8601
 * UTC strings, durations and ages whole seconds, sizes bytes; null where a thing does not exist.
 *
 * <pre>
 * {"version":1, "time":T, "root":"/var/lib/byteback",
 *  "store":{"total_bytes":N, "free_bytes":N, "free_percent":F, "pruning":B,
 *           "free_change_bytes":N, "free_change_seconds":N},
 *  "thresholds":{"warning_seconds":N, "critical_seconds":N},
 *  "clients":[{"name":S, "state":"ok"|"warning"|"critical",
 *              "last_backed_up":T, "age_seconds":N, "snapshot":S,
 *              "last_success":ATTEMPT, "last_attempt":ATTEMPT, "last_backup":ATTEMPT, "running":ATTEMPT,
 *              "last_backup_bytes_written":N,
 *              "snapshots":{"count":N, "oldest":S, "oldest_time":T},
 *              "disc_use":{"method":"qgroups"|"estimate"|"unknown", "referenced_bytes":N,
 *                          "exclusive_bytes":N, "complete":B}}]}
 * ATTEMPT = {"kind":"backup"|"snapshot", "result":"running"|"success"|"failed"|"refused"|"abandoned",
 *            "started":T, "ended":T, "duration_seconds":N, "exit_code":N, "reason":S,
 *            "bytes_received":N, "bytes_written":N, "files":N, "snapshot":S, "pid":N}
 * </pre>
 */
public final class StatusJson {
    public static final int VERSION = 1;

    private StatusJson() {}

    public static String format(StoreStatus s, NagiosCheck.Thresholds t) {
        Json j = new Json().open();
        j.put("version", VERSION).put("time", s.time().toString()).put("root", s.root());
        j.open("store");
        if (s.freeBytes() >= 0) {
            j.put("total_bytes", s.totalBytes()).put("free_bytes", s.freeBytes()).put("free_percent", s.freePercent());
        } else {
            j.putNull("total_bytes").putNull("free_bytes").putNull("free_percent");
        }
        j.put("pruning", s.pruning());
        if (s.trend() != null) {
            j.put("free_change_bytes", s.trend().changeBytes()).put("free_change_seconds", s.trend().over().getSeconds());
        } else {
            j.putNull("free_change_bytes").putNull("free_change_seconds");
        }
        j.close();
        j.open("thresholds").put("warning_seconds", t.warning().getSeconds())
                .put("critical_seconds", t.critical().getSeconds()).close();
        j.array("clients");
        for (ClientStatus c : s.clients()) {
            Duration age = c.age(s.time());
            j.open().put("name", c.client())
                    .put("state", t.classify(age).name().toLowerCase(Locale.ROOT))
                    .put("last_backed_up", str(c.lastBackedUp()));
            if (age == null) j.putNull("age_seconds");
            else j.put("age_seconds", age.getSeconds());
            j.put("snapshot", c.lastSnapshot());
            attempt(j, "last_success", c.lastSuccess(), s.time());
            attempt(j, "last_attempt", c.lastAttempt(), s.time());
            attempt(j, "last_backup", c.lastBackup(), s.time());
            attempt(j, "running", c.running(), s.time());
            j.put("last_backup_bytes_written", c.lastBackupBytesWritten());
            j.open("snapshots").put("count", c.snapshots()).put("oldest", c.oldestSnapshot())
                    .put("oldest_time", str(c.oldestTime())).close();
            DiscUse d = c.disc();
            j.open("disc_use").put("method", d.method().name().toLowerCase(Locale.ROOT));
            if (d.referenced() >= 0) j.put("referenced_bytes", d.referenced());
            else j.putNull("referenced_bytes");
            if (d.exclusive() >= 0) j.put("exclusive_bytes", d.exclusive());
            else j.putNull("exclusive_bytes");
            j.put("complete", d.complete()).close();
            j.close();
        }
        j.closeArray();
        return j.close().toString();
    }

    private static void attempt(Json j, String key, Attempt a, Instant now) {
        if (a == null) {
            j.putNull(key);
            return;
        }
        j.open(key).put("kind", a.kind().name().toLowerCase(Locale.ROOT))
                .put("result", a.result().name().toLowerCase(Locale.ROOT))
                .put("started", a.started().toString()).put("ended", str(a.ended()))
                .put("duration_seconds", a.duration(now).getSeconds());
        if (a.exitCode() >= 0) j.put("exit_code", a.exitCode());
        else j.putNull("exit_code");
        j.put("reason", a.reason()).put("bytes_received", a.bytesReceived()).put("bytes_written", a.bytesWritten())
                .put("files", a.files()).put("snapshot", a.snapshot());
        if (a.pid() > 0) j.put("pid", a.pid());
        else j.putNull("pid");
        j.close();
    }

    private static String str(Instant t) {
        return t == null ? null : t.toString();
    }
}
