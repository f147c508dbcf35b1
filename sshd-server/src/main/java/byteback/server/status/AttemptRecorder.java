package byteback.server.status;

import byteback.rsync.receiver.ReceiveListener;
import byteback.rsync.protocol.ExitCode;
import byteback.rsync.session.TransferStats;
import byteback.server.BackupHooks;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's side of {@code status}: records every attempt of every client in
 * {@link AttemptRecords} as it begins and ends. A backup is on record as running (with this
 * process's pid and start time) from the moment it holds the client's lock, so that a server killed
 * during a backup leaves a record that {@code status} recognises as abandoned. A record that cannot
 * be written is logged; the backup goes on.
 */
public final class AttemptRecorder implements BackupHooks {
    private static final Logger LOG = LoggerFactory.getLogger(AttemptRecorder.class);

    /** How often a running backup's progress goes on record. */
    static final long PROGRESS_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(30);

    /** A backup running in this process. */
    private static final class Live {
        final Attempt attempt;
        final AtomicLong written = new AtomicLong();
        final AtomicLong savedAt = new AtomicLong(System.nanoTime());
        volatile TransferStats stats;

        Live(Attempt attempt) {
            this.attempt = attempt;
        }

        long files() {
            TransferStats s = stats;
            return s == null ? 0 : s.transferredFiles.get();
        }
    }

    private final AttemptRecords records;
    private final Clock clock;
    private final ProcessIdentity self;
    private final Map<String, Live> running = new ConcurrentHashMap<>();

    public AttemptRecorder(AttemptRecords records, Clock clock) {
        this(records, clock, ProcessIdentity.current());
    }

    AttemptRecorder(AttemptRecords records, Clock clock, ProcessIdentity self) {
        this.records = records;
        this.clock = clock;
        this.self = self;
    }

    public AttemptRecords records() {
        return records;
    }

    @Override
    public ReceiveListener forBackup(String client) {
        Live live = new Live(Attempt.running(Attempt.Kind.BACKUP, clock.instant(), self.pid(), self.start()));
        running.put(client, live);
        save(client, r -> r.started(live.attempt, live.attempt.started()));
        return new ReceiveListener() {
            @Override
            public void receiving(TransferStats stats) {
                live.stats = stats;
            }

            @Override
            public void written(long bytes) {
                live.written.addAndGet(bytes);
                long saved = live.savedAt.get();
                long now = System.nanoTime();
                if (now - saved > PROGRESS_NANOS && live.savedAt.compareAndSet(saved, now)) {
                    Attempt progress = live.attempt.progress(live.written.get(), live.files());
                    save(client, r -> r.progress(progress));
                }
            }
        };
    }

    @Override
    public void afterBackup(String client, int exitCode, String summary, long bytesReceived) {
        Live live = running.remove(client);
        Instant now = clock.instant();
        Attempt begun = live != null ? live.attempt
                : Attempt.running(Attempt.Kind.BACKUP, now, self.pid(), self.start());
        boolean ok = exitCode == ExitCode.OK || exitCode == ExitCode.VANISHED;
        String reason = ok ? (exitCode == ExitCode.OK ? "" : "some files vanished before they could be sent")
                : reason(exitCode, summary);
        Attempt done = begun.ended(ok ? Attempt.Result.SUCCESS : Attempt.Result.FAILED, now, exitCode, reason,
                bytesReceived, live != null ? live.written.get() : 0, live != null ? live.files() : 0);
        save(client, r -> r.ended(done));
    }

    @Override
    public void refused(String client, Refused what, Cause cause, String reason) {
        Attempt.Kind kind = what == Refused.SNAPSHOT ? Attempt.Kind.SNAPSHOT : Attempt.Kind.BACKUP;
        save(client, r -> r.refused(Attempt.refused(kind, clock.instant(), reason)));
    }

    @Override
    public void afterSnapshot(String client, Path snapshot) {
        Instant now = clock.instant();
        String name = snapshot.getFileName().toString();
        Attempt made = new Attempt(Attempt.Kind.SNAPSHOT, Attempt.Result.SUCCESS, now, now, 0, "snapshot " + name,
                0, 0, 0, name, 0, null);
        save(client, r -> r.snapshot(made));
    }

    @Override
    public void snapshotRefused(String client, String reason) {
        Instant now = clock.instant();
        Attempt refusal = new Attempt(Attempt.Kind.SNAPSHOT, Attempt.Result.REFUSED, now, now, 0, reason,
                0, 0, 0, null, 0, null);
        save(client, r -> r.snapshot(refusal));
    }

    /** Bytes written so far by the backup of {@code client} running in this process (0 when none). */
    public long writtenSoFar(String client) {
        Live live = running.get(client);
        return live == null ? 0 : live.written.get();
    }

    private static String reason(int exitCode, String summary) {
        String name = ExitCode.name(exitCode);
        String s = summary == null ? "" : summary;
        return s.isEmpty() ? name : s.contains(name) ? s : s + " (" + name + ")";
    }

    private void save(String client, UnaryOperator<ClientRecord> change) {
        try {
            records.update(client, change);
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot record the attempt of client={} in {}: {}", client, records.directory(), e.toString());
        }
    }
}
