package byteback.server.status;

import java.time.Duration;
import java.time.Instant;

/**
 * One attempt of a client: a backup (an rsync receive into {@code current}) or a snapshot
 * ({@code byteback-receive --complete}), running or ended, and how it ended.
 *
 * @param kind          backup or snapshot
 * @param result        how it ended ({@link Result#RUNNING} while it runs)
 * @param started       when the server began it (after it took the client's lock, or when it refused it)
 * @param ended         when it ended; null while running
 * @param exitCode      the exit status the client got (rsync's exit code for a backup); -1 while running
 * @param reason        in words: why it failed or was refused, or what it made; never null
 * @param bytesReceived bytes that came from the client over the SSH channel
 * @param bytesWritten  bytes of file data written into {@code current}
 * @param files         files received (rsync's "Number of regular files transferred")
 * @param snapshot      the snapshot's name, for a snapshot made (or a backup that a snapshot completed); else null
 * @param pid           the server process that ran it (to tell running from abandoned); 0 when unknown
 * @param pidStart      when that process started (pids are reused); null when unknown
 */
public record Attempt(Kind kind, Result result, Instant started, Instant ended, int exitCode, String reason,
        long bytesReceived, long bytesWritten, long files, String snapshot, long pid, Instant pidStart) {

    public enum Kind { BACKUP, SNAPSHOT }

    /** How an attempt ended. ABANDONED: the server stopped (killed, crashed) while it ran. */
    public enum Result { RUNNING, SUCCESS, FAILED, REFUSED, ABANDONED }

    public Attempt {
        if (kind == null || result == null || started == null) {
            throw new IllegalArgumentException("an attempt needs a kind, a result and a start");
        }
        if (reason == null) reason = "";
    }

    /** A backup that has just begun in process {@code pid}. */
    public static Attempt running(Kind kind, Instant started, long pid, Instant pidStart) {
        return new Attempt(kind, Result.RUNNING, started, null, -1, "", 0, 0, 0, null, pid, pidStart);
    }

    /** An attempt refused at once, before anything was written. */
    public static Attempt refused(Kind kind, Instant at, String reason) {
        return new Attempt(kind, Result.REFUSED, at, at, 1, reason, 0, 0, 0, null, 0, null);
    }

    public Attempt ended(Result how, Instant at, int code, String why, long received, long written, long count) {
        return new Attempt(kind, how, started, at, code, why, received, written, count, snapshot, pid, pidStart);
    }

    /** This running attempt with what it has done so far. */
    public Attempt progress(long written, long count) {
        return new Attempt(kind, result, started, ended, exitCode, reason, bytesReceived, written, count, snapshot, pid, pidStart);
    }

    /** This running attempt, found without its server: it ended unseen, at {@code noticed} at the latest. */
    public Attempt abandoned(Instant noticed) {
        return new Attempt(kind, Result.ABANDONED, started, noticed, exitCode, "the server stopped while it ran"
                + " (killed or crashed); the next backup resumes it", bytesReceived, bytesWritten, files, snapshot, pid, pidStart);
    }

    public Attempt withSnapshot(String name) {
        return new Attempt(kind, result, started, ended, exitCode, reason, bytesReceived, bytesWritten, files, name,
                pid, pidStart);
    }

    /** How long it ran (until {@code now} while it runs). */
    public Duration duration(Instant now) {
        Duration d = Duration.between(started, ended != null ? ended : now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    public boolean isRunning() {
        return result == Result.RUNNING;
    }
}
