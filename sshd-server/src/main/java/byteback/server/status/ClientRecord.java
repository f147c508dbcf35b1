package byteback.server.status;

import java.time.Instant;

/**
 * What the server remembers of one client's attempts (pure; {@link ClientRecordFormat} keeps it on
 * disc): the attempt running now, the last attempt of any kind (refusals included), the last backup
 * that ran (successful, failed or abandoned) and the last successful backup (with the snapshot that
 * completed it). Each slot may be null.
 */
public record ClientRecord(Attempt running, Attempt last, Attempt lastBackup, Attempt lastSuccess) {
    public static final ClientRecord EMPTY = new ClientRecord(null, null, null, null);

    /**
     * A backup began (the caller holds the client's lock). A running attempt still on record was left
     * by a server that stopped: it becomes the last attempt, abandoned.
     */
    public ClientRecord started(Attempt attempt, Instant now) {
        ClientRecord r = running != null ? abandon(now) : this;
        return new ClientRecord(attempt, r.last, r.lastBackup, r.lastSuccess);
    }

    /** The running attempt is on record as abandoned (its server is gone). */
    public ClientRecord abandon(Instant now) {
        if (running == null) return this;
        Attempt a = running.abandoned(now);
        return new ClientRecord(null, a, a.kind() == Attempt.Kind.BACKUP ? a : lastBackup, lastSuccess);
    }

    /** The running backup has come this far (ignored when another attempt is on record as running). */
    public ClientRecord progress(Attempt now) {
        if (running == null || !running.started().equals(now.started()) || running.pid() != now.pid()) return this;
        return new ClientRecord(now, last, lastBackup, lastSuccess);
    }

    /** The running backup ended as {@code done}. */
    public ClientRecord ended(Attempt done) {
        boolean success = done.result() == Attempt.Result.SUCCESS;
        return new ClientRecord(null, done, done, success ? done : lastSuccess);
    }

    /**
     * An attempt was refused before it began: it is the last attempt; a backup running meanwhile
     * stays on record, and the last backup stays the last one that ran.
     */
    public ClientRecord refused(Attempt refusal) {
        return new ClientRecord(running, refusal, lastBackup, lastSuccess);
    }

    /**
     * A snapshot attempt ended. A snapshot made completes the last successful backup (unless a
     * snapshot completed it already).
     */
    public ClientRecord snapshot(Attempt snap) {
        Attempt success = lastSuccess;
        if (snap.result() == Attempt.Result.SUCCESS && snap.snapshot() != null && success != null
                && success.snapshot() == null) {
            success = success.withSnapshot(snap.snapshot());
        }
        Attempt backup = lastBackup != null && lastSuccess != null && lastBackup.equals(lastSuccess) ? success : lastBackup;
        return new ClientRecord(running, snap, backup, success);
    }
}
