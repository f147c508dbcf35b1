package byteback.server.cli;

import byteback.btrfs.Btrfs;
import byteback.rsync.memory.MemoryBudget;
import byteback.server.metrics.MetricsAddress;
import byteback.server.metrics.MetricsEndpoint;
import byteback.server.prune.GrowthLimit;
import byteback.server.prune.GrowthWindow;
import byteback.server.prune.PruneOptions;
import byteback.server.prune.PruneService;
import byteback.server.snapshot.Durations;
import byteback.server.ssh.ByteBackServer;
import byteback.server.ssh.ConnectionLimits;
import byteback.server.store.Store;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Runs the SSH server that receives backups into ROOT (until stopped).")
final class ServeCommand implements Callable<Integer> {
    @Option(names = "--root", paramLabel = "DIR",
            description = "the server's root on btrfs (default: " + RootOption.DEFAULT + ", set up on a btrfs image when needed and run as root)")
    Path root;

    @Option(names = "--port", defaultValue = "2222", description = "TCP port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--listen", paramLabel = "ADDR", description = "address to listen on (default: all)")
    String listen;

    @Option(names = "--snapshot-interval", defaultValue = "6h",
            description = "no snapshot while the newest is younger than this (default: ${DEFAULT-VALUE})")
    String snapshotInterval;

    @Option(names = "--idle-timeout", defaultValue = "30m",
            description = "close connections silent for this long (default: ${DEFAULT-VALUE})")
    String idleTimeout;

    @Option(names = "--ciphers", split = ",", paramLabel = "CIPHER",
            description = "SSH ciphers to offer (default: aes128-gcm@openssh.com,aes256-gcm@openssh.com, the fastest in Java;"
                    + " add aes128-ctr for clients older than OpenSSH 6.2)")
    java.util.List<String> ciphers;

    @Option(names = "--image-size", defaultValue = "10G",
            description = "size of the btrfs image made for the default root when it is not on btrfs (default: ${DEFAULT-VALUE})")
    String imageSize;

    @Mixin
    PruneOptions pruneOptions;

    @Option(names = "--prune-every", paramLabel = "DURATION", defaultValue = "5m",
            description = "how often to check free space and prune (default: ${DEFAULT-VALUE})")
    String pruneEvery;

    @Option(names = "--growth-factor", paramLabel = "F", defaultValue = "2",
            description = "a backup more than F times the client's largest earlier one ... (default: ${DEFAULT-VALUE})")
    double growthFactor;

    @Option(names = "--growth-floor", paramLabel = "SIZE", defaultValue = "1G",
            description = "... and over SIZE may not cause pruning; growth up to SIZE is never stopped; see"
                    + " allow-growth (default: ${DEFAULT-VALUE})")
    String growthFloor;

    @Option(names = "--growth-window", paramLabel = "DURATION", defaultValue = "7d",
            description = "over any DURATION, a client's backups may add at most --growth-window-percent of what"
                    + " they stored before it (or --growth-floor): every byte counts, file data, entries and"
                    + " xattrs; past it the backup is stopped, whatever the free space (default: ${DEFAULT-VALUE})")
    String growthWindow;

    @Option(names = "--growth-window-percent", paramLabel = "N", defaultValue = "100",
            description = "see --growth-window (default: ${DEFAULT-VALUE})")
    double growthWindowPercent;

    @Option(names = "--memory-budget", paramLabel = "N%|SIZE", defaultValue = ByteBackServer.DEFAULT_MEMORY_PERCENT + "%",
            description = "memory all connections together may hold for their clients' file lists: a share of the"
                    + " Java heap (-Xmx) or a size; a client whose list does not fit is refused with rsync's"
                    + " 'out of memory' (exit 22), the others go on (default: ${DEFAULT-VALUE})")
    String memoryBudget;

    @Option(names = "--metrics", paramLabel = "ADDRESS:PORT",
            description = "serve Prometheus metrics at http://ADDRESS:PORT/metrics (default: off; e.g. 127.0.0.1:9922)")
    String metrics;

    @Option(names = "--max-startups", paramLabel = "START:RATE:FULL", defaultValue = ConnectionLimits.DEFAULT_STARTUPS,
            description = "unauthenticated connections, as OpenSSH's MaxStartups: from START held, a new one is"
                    + " dropped with RATE%% chance, rising to 100%% at FULL (default: ${DEFAULT-VALUE})")
    String maxStartups;

    @Option(names = "--max-startups-per-address", paramLabel = "N", defaultValue = "" + ConnectionLimits.DEFAULT_PER_ADDRESS,
            description = "unauthenticated connections from one address at once (default: ${DEFAULT-VALUE})")
    int perAddress;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "" + ConnectionLimits.DEFAULT_MAX_CONNECTIONS,
            description = "connections of any kind at once (default: ${DEFAULT-VALUE})")
    int maxConnections;

    @Option(names = "--max-sessions", paramLabel = "N", defaultValue = "" + ConnectionLimits.DEFAULT_MAX_SESSIONS,
            description = "channels open at once on one connection, as OpenSSH's MaxSessions (default: ${DEFAULT-VALUE})")
    int maxSessions;

    @Option(names = "--login-grace-time", paramLabel = "DURATION", defaultValue = ConnectionLimits.DEFAULT_LOGIN_GRACE,
            description = "close a connection that has not authenticated within this time (default: ${DEFAULT-VALUE})")
    String loginGrace;

    @Option(names = "--max-session-time", paramLabel = "DURATION", defaultValue = ConnectionLimits.DEFAULT_MAX_SESSION_TIME,
            description = "end a command (a backup, a restore) that runs longer, so that no client holds its share of"
                    + " the server for ever; what it stored stays, the next run goes on (0: no limit; default:"
                    + " ${DEFAULT-VALUE})")
    String maxSessionTime;

    @Override
    public Integer call() throws Exception {
        InetSocketAddress metricsAddress = metrics == null ? null : MetricsAddress.parse(metrics);
        ConnectionLimits limits = ConnectionLimits.of(maxStartups, perAddress, maxConnections, maxSessions,
                Durations.parse(loginGrace)).withMaxSessionTime(Durations.parse(maxSessionTime));
        Path dir = root != null ? root : Path.of(RootOption.DEFAULT);
        new BtrfsRoot(new Btrfs(), System.err).prepare(dir, root == null, Sizes.parse(imageSize));
        Store store = new Store(dir);
        PruneService pruning = pruneService(store);
        MemoryBudget memory = memoryBudget(memoryBudget);
        ByteBackServer server = ByteBackServer.start(new ByteBackServer.Settings(store, listen, port,
                Durations.parse(snapshotInterval), Durations.parse(idleTimeout), ciphers, pruning, Clock.systemDefaultZone(),
                memory, limits));
        pruning.start();
        MetricsEndpoint endpoint = metricsAddress == null ? null : MetricsEndpoint.start(metricsAddress, store, memory);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                if (endpoint != null) endpoint.close();
                pruning.close();
                server.close();
            } catch (Exception e) {
                // stopping anyway
            }
            stopped.countDown();
        }));
        stopped.await();
        return ExitCodes.OK;
    }

    /** "N%" of the maximum heap, or a size such as 512M. */
    static MemoryBudget memoryBudget(String text) {
        String t = text.trim();
        if (t.endsWith("%")) {
            return MemoryBudget.ofHeapPercent(Integer.parseInt(t.substring(0, t.length() - 1).trim()));
        }
        return new MemoryBudget(Sizes.parse(t));
    }

    /** What watches backups and snapshots: pruning and the size guard (SPEC section 6). */
    private PruneService pruneService(Store store) {
        PruneService.Settings settings = new PruneService.Settings(
                pruneOptions.settings(), Durations.parse(pruneEvery),
                new GrowthLimit(growthFactor, Sizes.parse(growthFloor)),
                new GrowthWindow(Durations.parse(growthWindow), growthWindowPercent));
        return new PruneService(store.root(), new Btrfs(), settings, Clock.systemUTC());
    }
}
