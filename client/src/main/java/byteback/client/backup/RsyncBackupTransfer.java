package byteback.client.backup;

import byteback.client.ClientException;
import byteback.client.ExitCodes;
import byteback.client.Reporter;
import byteback.client.source.LocalSourceTree;
import byteback.client.ssh.RemoteCommand;
import byteback.client.ssh.SshConnection;
import byteback.rsync.filter.FilterException;
import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.options.OptionException;
import byteback.rsync.options.ServerOptions;
import byteback.rsync.sender.SendResult;
import byteback.rsync.sender.SendSession;
import byteback.rsync.sender.SourceTree;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The backup's rsync exchange with the jar as the client sender: the remote command starts the
 * receiver (rsync --fake-super --server ...) on the server over an exec channel; the sender role
 * runs here over the local files, sending the filter rules the receiver needs and the file list,
 * then answering the receiver's block sums with deltas. With incremental recursion (offered
 * unless rsync_flags says --no-inc-recursive, used when the server takes it) the list goes as one
 * list per directory while the files are sent, so memory does not grow with the file count.
 */
final class RsyncBackupTransfer implements BackupTransfer {
    /** Our capabilities without incremental recursion (the sender then builds one complete list). */
    static final String CAPABILITIES = "LsfxCIvu";

    /**
     * The capability letters after "-e." (rsync: options.c maybe_add_e_option): 'i' first, as
     * rsync puts it, unless rsync_flags has --no-inc-recursive (a backup is always recursive). The
     * server may still decline it; then one complete list goes.
     */
    static String capabilities(BackupPlan plan) {
        return plan.flags().incRecursive() ? "i" + CAPABILITIES : CAPABILITIES;
    }

    @Override
    public TransferOutcome run(SshConnection ssh, BackupPlan plan, Reporter reporter) throws IOException, ClientException {
        BackupFilters filters;
        try {
            filters = BackupFilters.of(plan);
        } catch (FilterException e) {
            throw new ClientException("bad filter rule: " + e.getMessage(), ExitCodes.USAGE);
        }
        List<String> remote = plan.remoteCommand(capabilities(plan));
        ServerOptions options;
        try {
            options = ServerOptions.parse(senderArgs(remote, plan.sources()));
        } catch (OptionException e) {
            throw new ClientException("internal: our own sender options were refused: " + e.getMessage(), ExitCodes.FAILURE);
        }
        reporter.detail("remote: " + String.join(" ", remote));
        ByteArrayOutputStream localErr = new ByteArrayOutputStream();
        // on a terminal, a progress line (rsync's --progress is per file; this is one line for the whole run)
        Progress progress = reporter.terminal() ? new Progress(reporter::progress, System::nanoTime) : null;
        try (RemoteCommand cmd = ssh.exec(String.join(" ", remote));
                SourceTree tree = progress != null ? new ProgressTree(new LocalSourceTree(new byte[] {'/'}), progress)
                        : new LocalSourceTree(new byte[] {'/'})) {
            ByteArrayOutputStream remoteErr = new ByteArrayOutputStream();
            Thread errReader = new Thread(() -> {
                try {
                    cmd.stderr().transferTo(remoteErr);
                } catch (IOException ignored) {
                    // channel closed
                }
            }, "ssh-stderr");
            errReader.setDaemon(true);
            errReader.start();
            // rsync_flags' --bwlimit paces what we send (rsync: io.c sleep_for_bwlimit, the sender's writes)
            long bwlimit = plan.flags().bwlimitKiB();
            OutputStream channelIn = cmd.stdinFlushingOnlyWhatWasWritten();
            OutputStream toServer = progress != null ? new ProgressOutputStream(channelIn, progress) : channelIn;
            ThrottledOutputStream throttled = bwlimit > 0 ? new ThrottledOutputStream(toServer, new BandwidthLimit(bwlimit))
                    : null;
            SendResult r = SendSession.forClient(options, cmd.stdoutAbortingOnClose(), throttled != null ? throttled : toServer, localErr,
                    tree, filters.forReceiver(), filters.local(), MemoryBudget.UNLIMITED).run();
            reporter.detail(r.incremental() ? "file list: incremental (one list per directory, sent with the files)"
                    : "file list: one complete list");
            if (throttled != null) {
                reporter.detail(String.format("--bwlimit=%d: %.1f s spent pacing", bwlimit, throttled.slept() / 1e9));
            }
            cmd.stdin().close();
            int remoteExit = cmd.waitFor(Duration.ofMinutes(5));
            try {
                errReader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String message = (localErr.toString(StandardCharsets.UTF_8) + remoteErr.toString(StandardCharsets.UTF_8)).strip();
            int exit = r.exitCode() != 0 ? r.exitCode() : Math.max(remoteExit, 0);
            if (!message.isEmpty()) reporter.detail(message);
            return new TransferOutcome(exit, r.files(), r.bytesWritten(), 0, message);
        }
    }

    /** The options the sender role reads, as if the server had been asked to send: --sender and the sources relative to "/". */
    static List<String> senderArgs(List<String> remote, List<String> sources) {
        List<String> a = new ArrayList<>(List.of("--server", "--sender"));
        for (String w : remote.subList(3, remote.size() - 2)) {
            if (w.startsWith("--delete")) continue; // the receiver's business
            a.add(w);
        }
        a.add(".");
        for (String s : sources) {
            String rel = s.replaceAll("^/+", "");
            a.add(rel.isEmpty() ? "." : rel);
        }
        return a;
    }
}
