package byteback.client.restore;

import byteback.client.ClientException;
import byteback.client.Connector;
import byteback.client.ExitCodes;
import byteback.client.Reporter;
import byteback.client.backup.Sizes;
import byteback.client.ssh.RemoteCommand;
import byteback.client.ssh.SshConnection;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * byteback-restore: list stored files matching patterns (the default), or restore them into
 * ./SNAPSHOT/PATH under the current directory.
 */
@Command(name = "restore", mixinStandardHelpOptions = true,
        description = "List (default) or restore files from the backup server into ./SNAPSHOT/PATH.")
public final class RestoreCommand implements Callable<Integer> {
    @Mixin
    Connector connector;

    @Option(names = {"-l", "--list"}, description = "List or find files (the default)")
    boolean list;

    @Option(names = {"-r", "--restore"}, description = "Restore the files into the current directory")
    boolean restore;

    @Option(names = {"-s", "--snapshot"}, paramLabel = "S", defaultValue = "*",
            description = "The snapshot to use: a name, current, or a pattern (default: ${DEFAULT-VALUE}, the newest of each file)")
    String snapshot;

    @Option(names = {"-a", "--all"}, description = "List or restore every stored version of each file")
    boolean all;

    @Option(names = {"-i", "--io-timeout"}, paramLabel = "SECONDS", defaultValue = "300",
            description = "Give up when the server is silent this long (default: ${DEFAULT-VALUE})")
    int ioTimeout;

    @Option(names = {"-v", "--verbose"}, description = "Show more")
    boolean verbose;

    @Option(names = {"--no-inc-recursive", "--no-i-r"},
            description = "Receive one complete file list (held whole in memory) instead of one list per directory; "
                    + "also when CONFIG_DIR/rsync_flags says --no-inc-recursive")
    boolean noIncRecursive;

    @Parameters(paramLabel = "PATTERN", arity = "1..*",
            description = "Paths or globs (*, **, ?, [set], {a,b}); relative ones are taken from the current directory")
    List<String> patterns;

    @Override
    public Integer call() throws ClientException, IOException {
        if (list && restore) throw new ClientException("choose either --list or --restore", ExitCodes.USAGE);
        if (!snapshot.matches("[A-Za-z0-9:+*-]+")) {
            throw new ClientException("bad snapshot name \"" + snapshot + "\"", ExitCodes.USAGE);
        }
        List<String> absolute = new ArrayList<>();
        for (String p : patterns) absolute.add(expand(p));
        var dest = connector.destination();
        var key = connector.key();
        var target = connector.target(dest);
        try (SshConnection ssh = connector.connect(target, key)) {
            if (restore) return restoreFiles(ssh, absolute);
            return listFiles(ssh, absolute);
        }
    }

    /**
     * Restores the matching copies into ./SNAPSHOT/PATH beneath the current directory, with the
     * jar as the rsync receiver (see {@link RsyncRestore}).
     */
    private int restoreFiles(SshConnection ssh, List<String> paths) throws IOException, ClientException {
        List<String> encoded = new ArrayList<>();
        for (String p : paths) encoded.add(QuotedPrintable.encode(p));
        List<String> remote = RsyncRestore.remoteCommand(snapshot, all, ioTimeout, incRecursive(), encoded);
        Reporter reporter = Reporter.forConsole(verbose);
        long start = System.nanoTime();
        RsyncRestore.Outcome o = RsyncRestore.run(ssh, remote, Path.of(System.getProperty("user.dir")), reporter);
        String summary = "byteback-restore: " + o.listed() + " entries, " + o.transferred() + " files transferred, "
                + Sizes.human(o.bytesReceived()) + " received in " + String.format("%.1f s", (System.nanoTime() - start) / 1e9);
        // the server's "Restoring:" table and every message, as the original shows them (ssh's stderr)
        if (!o.remote().isEmpty()) System.err.println(o.remote());
        // the server's "Sorry" says it all; exit 0 as the original client and --list do
        if (o.nothingMatched()) return ExitCodes.OK;
        if (!o.local().isEmpty()) System.err.println(o.local());
        if (o.exit() != 0 && o.exit() != 24) {
            reporter.failed(summary + "; rsync exit code " + o.exit());
            return ExitCodes.FAILURE;
        }
        reporter.done(summary);
        return ExitCodes.OK;
    }

    /**
     * Whether to offer incremental recursion: unless --no-inc-recursive, here or in rsync_flags
     * (which the original's restore passes to rsync as its backup does).
     */
    private boolean incRecursive() throws ClientException {
        if (noIncRecursive) return false;
        try {
            return connector.config().rsyncFlags().incRecursive();
        } catch (IllegalArgumentException e) {
            throw new ClientException(e.getMessage(), ExitCodes.USAGE);
        } catch (IOException e) {
            throw new ClientException("cannot read " + connector.config().rsyncFlagsFile() + ": " + e.getMessage(),
                    ExitCodes.USAGE);
        }
    }

    private int listFiles(SshConnection ssh, List<String> paths) throws IOException {
        StringBuilder cmd = new StringBuilder("byteback-receive --snapshot ").append(snapshot).append(" --list");
        if (all) cmd.append(" --all");
        if (verbose) cmd.append(" --verbose");
        for (String p : paths) cmd.append(' ').append(QuotedPrintable.encode(p));
        if (verbose) System.err.println("remote: " + cmd);
        RemoteCommand.Result r = ssh.run(cmd.toString(), Duration.ofSeconds(Math.max(ioTimeout, 60)));
        System.out.print(r.out());
        System.err.print(r.err());
        System.out.flush();
        return r.exit() < 0 ? ExitCodes.FAILURE : r.exit();
    }

    /** Ruby's File.expand_path: relative to the current directory, "." and ".." resolved. */
    static String expand(String pattern) {
        Path p = Path.of(pattern);
        if (!p.isAbsolute()) p = Path.of(System.getProperty("user.dir")).resolve(p);
        return p.normalize().toString();
    }
}
