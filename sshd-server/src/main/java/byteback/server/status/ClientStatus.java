package byteback.server.status;

import java.time.Duration;
import java.time.Instant;

/**
 * Everything {@code status} says about one client, read from its attempt records and its
 * directory (pure data).
 *
 * @param client          the client's name
 * @param lastSuccess     the last successful backup on record; null when none is
 * @param lastBackedUp    when the client was last backed up: the end of its last successful backup
 *                        or its newest snapshot's time, whichever is later (stores made by the
 *                        original byteback have snapshots but no records); null: never
 * @param lastSnapshot    the snapshot that completed the last successful backup (or the newest
 *                        snapshot when no record names one); null when there is none
 * @param lastAttempt     the last attempt that ended (of any kind); null when none is on record
 * @param running         the backup on record as running: {@link Attempt.Result#RUNNING} when its
 *                        server still runs, {@link Attempt.Result#ABANDONED} when it died; null when none
 * @param lastBackup      the last backup that ended (successful or not); null when none
 * @param snapshots       how many snapshots the client has
 * @param oldestSnapshot  the oldest one's name, null when there is none
 * @param oldestTime      the oldest one's time, null when there is none
 * @param disc            the client's disc use
 */
public record ClientStatus(String client, Attempt lastSuccess, Instant lastBackedUp, String lastSnapshot,
        Attempt lastAttempt, Attempt running, Attempt lastBackup, int snapshots, String oldestSnapshot,
        Instant oldestTime, DiscUse disc) {

    /** How long ago the client was last backed up; null when it never was. */
    public Duration age(Instant now) {
        if (lastBackedUp == null) return null;
        Duration d = Duration.between(lastBackedUp, now);
        return d.isNegative() ? Duration.ZERO : d;
    }

    /** Bytes written into the store by the last backup that ended; 0 when none did. */
    public long lastBackupBytesWritten() {
        return lastBackup == null ? 0 : lastBackup.bytesWritten();
    }
}
