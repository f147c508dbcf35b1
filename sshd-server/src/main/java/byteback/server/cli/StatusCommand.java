package byteback.server.cli;

import byteback.btrfs.Btrfs;
import byteback.server.snapshot.Durations;
import byteback.server.status.DiscUsage;
import byteback.server.status.NagiosCheck;
import byteback.server.status.StatusJson;
import byteback.server.status.StatusReader;
import byteback.server.status.StatusText;
import byteback.server.status.StoreStatus;
import byteback.server.store.Store;
import java.time.Clock;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Shows every client's backups: the last successful one (its snapshot) and its age, the last"
                + " attempt and its result, bytes written by the last backup, snapshots, disc use; and the store's"
                + " free space and prune state. Reads the server's records while it runs.",
                "With --nagios: one line for a Nagios (or Icinga, Naemon...) service check, with perfdata, and the"
                + " plugin exit status."},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:success (with --nagios: OK)", "1:failure (with --nagios: WARNING)",
                "2:invalid command line (with --nagios: 3 instead)", "3:with --nagios: UNKNOWN (the store cannot be read,"
                + " no such client, bad thresholds or command line)"})
final class StatusCommand implements Callable<Integer> {
    @Mixin RootOption root;

    static final class Format {
        @Option(names = "--nagios", description = "print one Nagios plugin line and exit 0/1/2/3 (OK/WARNING/CRITICAL/UNKNOWN)")
        boolean nagios;

        @Option(names = "--json", description = "print JSON for scripts (shape in the README, keys are only ever added)")
        boolean json;
    }

    @ArgGroup(exclusive = true)
    Format format = new Format();

    @Option(names = "--warning", paramLabel = "AGE", defaultValue = "26h",
            description = "a client whose last backup is older than this warns (default: ${DEFAULT-VALUE})")
    String warning;

    @Option(names = "--critical", paramLabel = "AGE", defaultValue = "50h",
            description = "... and older than this, or never backed up, is critical (default: ${DEFAULT-VALUE})")
    String critical;

    @Option(names = "--name", paramLabel = "CLIENT", description = "only this client")
    String name;

    @Option(names = "--estimate-limit", paramLabel = "N", defaultValue = "" + DiscUsage.DEFAULT_WALK_LIMIT,
            description = "without btrfs quotas, disc use is estimated by walking current; stop after N entries"
                    + " a client (default: ${DEFAULT-VALUE})")
    int estimateLimit;

    @Override
    public Integer call() {
        NagiosCheck.Thresholds thresholds;
        try {
            thresholds = new NagiosCheck.Thresholds(Durations.parse(warning), Durations.parse(critical));
        } catch (IllegalArgumentException e) {
            return usage(e.getMessage());
        }
        StoreStatus status;
        DiscUsage disc;
        try {
            Store store = root.existingStore();
            Btrfs btrfs = new Btrfs();
            disc = new DiscUsage(store, btrfs, estimateLimit);
            status = new StatusReader(store, btrfs, disc, Clock.systemUTC()).read(name);
        } catch (Exception e) {
            if (format.nagios) {
                System.out.println(NagiosCheck.unknown("cannot read the store " + root.root + ": " + e).line());
                return NagiosCheck.State.UNKNOWN.exitCode;
            }
            throw new IllegalStateException("cannot read the store " + root.root + ": " + e.getMessage(), e);
        }
        if (format.nagios) {
            NagiosCheck.Answer a = NagiosCheck.check(status, thresholds, name);
            System.out.println(a.line());
            return a.exitCode();
        }
        if (name != null && status.clients().isEmpty()) {
            System.err.println("byteback-server status: no client \"" + name + "\" in " + root.root);
            return ExitCodes.FAILED;
        }
        if (format.json) {
            System.out.println(StatusJson.format(status, thresholds));
        } else {
            StatusText.lines(status, ZoneId.systemDefault(), disc.quotas()).forEach(System.out::println);
        }
        return ExitCodes.OK;
    }

    /** Whether the command line asks for {@code status --nagios}. */
    static boolean isNagiosCheck(String[] args) {
        java.util.List<String> a = java.util.List.of(args);
        return a.contains("status") && a.contains("--nagios");
    }

    /** A bad command line for a Nagios check: its UNKNOWN line and exit code. */
    static int nagiosUsage(String message) {
        System.out.println(NagiosCheck.unknown("bad command line: " + message + " (see status --help)").line());
        return NagiosCheck.State.UNKNOWN.exitCode;
    }

    private int usage(String message) {
        if (format.nagios) {
            System.out.println(NagiosCheck.unknown(message).line());
            return NagiosCheck.State.UNKNOWN.exitCode;
        }
        System.err.println("byteback-server status: " + message);
        return ExitCodes.USAGE;
    }
}
