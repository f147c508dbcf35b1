package byteback.client.backup;

import byteback.client.ClientException;
import byteback.client.Connector;
import byteback.client.ExitCodes;
import byteback.client.Reporter;
import byteback.client.config.ConfigDir;
import byteback.client.config.DefaultExcludes;
import byteback.client.config.Destination;
import byteback.client.config.RsyncFlags;
import byteback.client.ssh.RemoteCommand;
import byteback.client.ssh.SshConnection;
import byteback.client.ssh.SshTarget;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * byteback-backup: the original's run, step by step — lock, pre-backup.d, ping, the rsync
 * transfer (retried on the retryable exit codes), --complete (the snapshot), post-backup.d.
 */
@Command(name = "backup", mixinStandardHelpOptions = true,
        description = "Back up this system to a byteback server.",
        footer = "%nAdditional excludes can be given in CONFIG_DIR/excludes (one pattern a line) and a full rsync filter "
                + "in CONFIG_DIR/rsync_filter; extra rsync options in CONFIG_DIR/rsync_flags.")
public final class BackupCommand implements Callable<Integer> {
    @Mixin
    Connector connector;

    @Option(names = {"-s", "--source"}, paramLabel = "PATH", arity = "1..*", description = "Source paths (default: /)")
    List<String> sources;

    @Option(names = {"-x", "--exclude"}, paramLabel = "PATTERN", arity = "1..*",
            description = "Paths to exclude (instead of the automatic excludes)")
    List<String> excludes;

    @Option(names = {"-r", "--retry-number"}, paramLabel = "N", defaultValue = "3",
            description = "Number of retries on error (default: ${DEFAULT-VALUE})")
    int retryNumber;

    @Option(names = {"-i", "--io-timeout"}, paramLabel = "SECONDS",
            description = "Seconds of silence before the transfer is abandoned (default: CONFIG_DIR/io_timeout, else 10800)")
    Integer ioTimeout;

    @Option(names = {"-e", "--retry-delay"}, paramLabel = "SECONDS", defaultValue = "300",
            description = "Seconds between retries after an error (default: ${DEFAULT-VALUE})")
    int retryDelay;

    @Option(names = {"-v", "--verbose"}, description = "Show the detail")
    boolean verbose;

    @Option(names = "--lock-file", paramLabel = "FILE", defaultValue = "/var/lock/byteback/byteback-backup.lock",
            description = "Lock that keeps two backups from running at once (default: ${DEFAULT-VALUE})")
    Path lockFile;

    @Option(names = "--mounts", paramLabel = "FILE", defaultValue = "/proc/mounts", hidden = true,
            description = "Where the automatic excludes read the mounted filesystems from")
    Path mounts;

    /** The transfer itself; replaceable for tests of the steps around it. */
    static BackupTransfer transfer = new RsyncBackupTransfer();

    @Override
    public Integer call() throws ClientException, IOException, InterruptedException {
        long started = System.nanoTime();
        Reporter reporter = Reporter.forConsole(verbose);
        try {
            return backup(reporter, started);
        } catch (ClientException e) {
            reporter.failed(e.getMessage());
            return e.exitCode();
        }
    }

    private int backup(Reporter reporter, long started) throws ClientException, IOException, InterruptedException {
        ConfigDir config = connector.config();
        RsyncFlags flags;
        int timeout;
        try {
            flags = config.rsyncFlags();
            timeout = ioTimeout != null ? ioTimeout : config.ioTimeout().orElse(10800);
        } catch (IllegalArgumentException e) {
            throw new ClientException(e.getMessage(), ExitCodes.USAGE);
        }
        Destination dest = connector.destination();
        List<String> src = checkedSources();
        List<String> excl = excludes != null ? DefaultExcludes.normalise(excludes) : automaticExcludes();
        KeyPair key = connector.key();
        SshTarget target = connector.target(dest);
        BackupPlan plan = new BackupPlan(src, excl, existing(config.excludesFile()), existing(config.filterFile()), flags,
                timeout, verbose, dest.path());
        reporter.detail("excludes: " + String.join(" ", excl));

        try (BackupLock lock = BackupLock.acquire(lockFile)) {
            runParts(config.preBackupDir(), reporter);
            RetryPolicy policy = new RetryPolicy(retryNumber);
            TransferOutcome outcome;
            String snapshot;
            try (SshConnection ssh = connectWithRetries(target, key, policy, reporter)) {
                ping(ssh, reporter);
                outcome = transferWithRetries(ssh, plan, policy, reporter);
                reporter.note("Backup completed, requesting snapshot");
                RemoteCommand.Result done = ssh.run("byteback-receive --complete" + (verbose ? " --verbose" : ""),
                        Duration.ofHours(1));
                if (done.exit() != 0) {
                    throw new ClientException("backup could not be marked complete: "
                            + (done.combined().isEmpty() ? "exit status " + done.exit() : done.combined()));
                }
                snapshot = done.combined().isEmpty() ? "snapshot requested" : done.combined().replace('\n', ' ');
            }
            runParts(config.postBackupDir(), reporter);
            long secs = (System.nanoTime() - started) / 1_000_000_000L;
            reporter.done(String.format("byteback-backup: %d files, %s sent, %s received, %s; %s", outcome.files(),
                    Sizes.human(outcome.bytesSent()), Sizes.human(outcome.bytesRead()), Sizes.duration(secs), snapshot));
            return ExitCodes.OK;
        }
    }

    private SshConnection connectWithRetries(SshTarget target, KeyPair key, RetryPolicy policy, Reporter reporter)
            throws ClientException, InterruptedException {
        while (true) {
            try {
                return connector.connect(target, key);
            } catch (ClientException e) {
                // a host key or a refused key will not mend itself; a server that is down may
                boolean transient_ = e.getCause() != null && !e.getMessage().contains("host key")
                        && !e.getMessage().contains("refused the key");
                if (!transient_ || policy.after(30) != RetryPolicy.Decision.RETRY) {
                    throw new ClientException("could not connect to " + target + ": " + e.getMessage()
                            + (transient_ ? " (after " + policy.retries() + " retries)" : ""), e.exitCode(), e);
                }
                reporter.warn(e.getMessage() + "; retrying in " + retryDelay + " s (" + policy.retriesLeft() + " retries left)");
                Thread.sleep(retryDelay * 1000L);
            }
        }
    }

    private void ping(SshConnection ssh, Reporter reporter) throws ClientException, IOException {
        RemoteCommand.Result ping = ssh.run("byteback-receive --ping" + (verbose ? " --verbose" : ""), Duration.ofMinutes(5));
        if (!ping.combined().isEmpty()) reporter.detail(ping.combined());
        if (ping.exit() != 0) {
            throw new ClientException("the server " + ssh.target() + " refused the backup: "
                    + (ping.combined().isEmpty() ? "byteback-receive --ping exited " + ping.exit() : ping.combined()),
                    ExitCodes.CONNECT);
        }
    }

    private TransferOutcome transferWithRetries(SshConnection ssh, BackupPlan plan, RetryPolicy policy, Reporter reporter)
            throws ClientException, IOException, InterruptedException {
        while (true) {
            TransferOutcome o = transfer.run(ssh, plan, reporter);
            switch (policy.after(o.exit())) {
                case SUCCESS -> {
                    if (o.exit() == 24) reporter.warn("some files vanished during the backup (rsync exit 24)");
                    return o;
                }
                case RETRY -> {
                    reporter.warn("rsync exited with status " + o.exit() + (o.message().isEmpty() ? "" : ": " + o.message())
                            + "; retrying in " + retryDelay + " s (" + policy.retriesLeft() + " retries left)");
                    Thread.sleep(retryDelay * 1000L);
                }
                case GIVE_UP -> throw new ClientException("maximum number of rsync retries reached; last exit status "
                        + o.exit() + (o.message().isEmpty() ? "" : ": " + o.message()));
                case FATAL -> throw new ClientException("fatal rsync error (" + o.exit() + ")"
                        + (o.message().isEmpty() ? "" : ": " + o.message()));
            }
        }
    }

    private List<String> checkedSources() throws ClientException {
        List<String> in = sources == null || sources.isEmpty() ? List.of("/") : sources;
        List<String> out = new ArrayList<>();
        for (String s : in) {
            String n = s.replaceAll("/+", "/");
            if (!Files.exists(Path.of(n), java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new ClientException("source " + n + " does not exist", ExitCodes.USAGE);
            }
            if (!Files.isReadable(Path.of(n))) throw new ClientException("can't read source " + n, ExitCodes.USAGE);
            out.add(n);
        }
        return out;
    }

    private List<String> automaticExcludes() throws ClientException {
        try {
            String text = Files.exists(mounts) ? Files.readString(mounts) : "";
            return DefaultExcludes.compute(text, p -> Files.exists(Path.of(p)));
        } catch (IOException e) {
            throw new ClientException("cannot read " + mounts + ": " + e.getMessage());
        }
    }

    private static Path existing(Path p) {
        return Files.exists(p) ? p : null;
    }

    private static void runParts(Path dir, Reporter reporter) throws IOException {
        for (RunParts.Ran r : RunParts.run(dir)) {
            String out = r.output().strip();
            if (r.exit() != 0) {
                reporter.warn(r.script() + " exited with status " + r.exit() + (out.isEmpty() ? "" : ":\n" + out));
            } else {
                reporter.detail("ran " + r.script() + (out.isEmpty() ? "" : ":\n" + out));
            }
        }
    }
}
