package byteback.server.status;

import byteback.server.snapshot.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The Nagios plugin's answer (pure): the state of each client from the age of its last backup —
 * CRITICAL when older than the critical age or never backed up, WARNING when older than the warning
 * age, else OK — the worst of them as the service state, one line of text with perfdata, and the
 * plugin exit code (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
 */
public final class NagiosCheck {
    public enum State {
        OK(0), WARNING(1), CRITICAL(2), UNKNOWN(3);

        public final int exitCode;

        State(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    /** The plugin's output line and exit code. */
    public record Answer(State state, String line) {
        public int exitCode() {
            return state.exitCode;
        }
    }

    /** Age thresholds: a backup older than {@code warning} warns, older than {@code critical} is critical. */
    public record Thresholds(Duration warning, Duration critical) {
        public static final Thresholds DEFAULT = new Thresholds(Duration.ofHours(26), Duration.ofHours(50));

        public Thresholds {
            if (warning.isNegative() || critical.isNegative() || critical.compareTo(warning) < 0) {
                throw new IllegalArgumentException("thresholds must be 0 <= warning <= critical: warning "
                        + warning + ", critical " + critical);
            }
        }

        /** A client's state from the age of its last backup (null: never backed up). */
        public State classify(Duration age) {
            if (age == null || age.compareTo(critical) > 0) return State.CRITICAL;
            if (age.compareTo(warning) > 0) return State.WARNING;
            return State.OK;
        }
    }

    private static final String SERVICE = "BYTEBACK";

    private NagiosCheck() {}

    /** UNKNOWN, for when the store cannot be read at all (or the request makes no sense). */
    public static Answer unknown(String why) {
        return new Answer(State.UNKNOWN, SERVICE + " UNKNOWN - " + oneLine(why));
    }

    /**
     * @param status the store, possibly narrowed to one client by the caller
     * @param name   the client asked for with {@code --name}, or null for all
     */
    public static Answer check(StoreStatus status, Thresholds t, String name) {
        List<ClientStatus> clients = status.clients();
        if (name != null) {
            clients = clients.stream().filter(c -> c.client().equals(name)).toList();
            if (clients.isEmpty()) return unknown("no client \"" + name + "\" in " + status.root());
        }
        if (clients.isEmpty()) return unknown("no clients in " + status.root());
        State worst = State.OK;
        List<String> critical = new ArrayList<>();
        List<String> warning = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        StringBuilder perf = new StringBuilder();
        for (ClientStatus c : clients) {
            Duration age = c.age(status.time());
            State s = t.classify(age);
            if (s.exitCode > worst.exitCode) worst = s;
            String said = c.client() + (age == null ? " never backed up" : " last backed up " + Durations.words(age) + " ago");
            if (s == State.CRITICAL) critical.add(said);
            if (s == State.WARNING) warning.add(said);
            note(c, notes);
            perf.append(' ').append(label("age_" + c.client())).append('=')
                    .append(age == null ? "U" : age.getSeconds() + "s").append(';').append(t.warning().getSeconds())
                    .append(';').append(t.critical().getSeconds()).append(";0;");
            perf.append(' ').append(label("written_" + c.client())).append('=').append(c.lastBackupBytesWritten()).append("B;;;0;");
        }
        if (status.freeBytes() >= 0) {
            perf.append(' ').append(label("store_free")).append('=').append(status.freeBytes()).append("B;;;0;")
                    .append(status.totalBytes());
        }
        StringBuilder text = new StringBuilder(SERVICE).append(' ').append(worst).append(" - ");
        if (worst == State.OK) {
            text.append(clients.size() == 1 ? clients.get(0).client() + " backed up "
                    + Durations.words(clients.get(0).age(status.time())) + " ago"
                    : "all " + clients.size() + " clients backed up within " + Durations.words(t.warning()));
        } else {
            List<String> parts = new ArrayList<>();
            if (!critical.isEmpty()) parts.add("CRITICAL: " + some(critical));
            if (!warning.isEmpty()) parts.add("WARNING: " + some(warning));
            text.append(String.join("; ", parts));
        }
        if (!notes.isEmpty()) text.append(" (").append(some(notes).replace(", ", "; ")).append(')');
        if (status.freeBytes() >= 0) {
            text.append(String.format(Locale.ROOT, "; store %.1f%% free", status.freePercent()));
        }
        if (status.pruning()) text.append(", pruning");
        return new Answer(worst, oneLine(text.toString()).replace('|', '/') + " |" + perf);
    }

    /** What the operator should know besides the age: a backup running, abandoned, failed or refused. */
    private static void note(ClientStatus c, List<String> notes) {
        if (c.running() != null && c.running().result() == Attempt.Result.RUNNING) {
            notes.add(c.client() + ": backup running");
        } else if (c.running() != null) {
            notes.add(c.client() + ": backup abandoned (server stopped)");
        } else if (c.lastAttempt() != null && c.lastAttempt().result() != Attempt.Result.SUCCESS) {
            notes.add(c.client() + ": last " + c.lastAttempt().kind().name().toLowerCase(Locale.ROOT) + " "
                    + c.lastAttempt().result().name().toLowerCase(Locale.ROOT));
        }
    }

    /** Monitoring systems cut long plugin output (Nagios at 4 or 8 KiB): name the first few, count the rest. */
    static final int NAMED = 10;

    private static String some(List<String> items) {
        if (items.size() <= NAMED) return String.join(", ", items);
        return String.join(", ", items.subList(0, NAMED)) + " and " + (items.size() - NAMED) + " more";
    }

    /** A perfdata label: quoted, as client names may hold '.', '@', '+'. Names never hold quotes or '='. */
    private static String label(String s) {
        return "'" + s.replace("'", "_").replace("=", "_") + "'";
    }

    private static String oneLine(String s) {
        return s.replace('\n', ' ').replace('\r', ' ');
    }
}
