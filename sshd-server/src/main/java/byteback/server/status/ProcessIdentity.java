package byteback.server.status;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A process as the records name it: its pid and when it started (pids are reused, the pair is
 * not). Tells whether a running attempt's server still lives.
 */
public record ProcessIdentity(long pid, Instant start) {
    /** The JDK reads start times from /proc in clock ticks; allow for rounding between readers. */
    private static final Duration TOLERANCE = Duration.ofSeconds(1);

    public static ProcessIdentity current() {
        ProcessHandle self = ProcessHandle.current();
        return new ProcessIdentity(self.pid(), self.info().startInstant().orElse(null));
    }

    /** Whether the process {@code pid} that started at {@code start} is still alive. */
    public static boolean alive(long pid, Instant start) {
        if (pid <= 0) return false;
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        if (p.isEmpty() || !p.get().isAlive()) return false;
        if (start == null) return true;
        Optional<Instant> s = p.get().info().startInstant();
        return s.isEmpty() || Duration.between(s.get(), start).abs().compareTo(TOLERANCE) <= 0;
    }
}
