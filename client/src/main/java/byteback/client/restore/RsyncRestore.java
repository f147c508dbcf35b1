package byteback.client.restore;

import byteback.client.ClientException;
import byteback.client.ExitCodes;
import byteback.client.Reporter;
import byteback.client.ssh.RemoteCommand;
import byteback.client.ssh.SshConnection;
import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.options.OptionException;
import byteback.rsync.options.ServerOptions;
import byteback.rsync.receiver.ReceiveListener;
import byteback.rsync.receiver.ReceiveSession;
import byteback.rsync.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A restore's rsync exchange with the jar as the client receiver: the remote command is the
 * original client's ({@code byteback-restore --fake-super --snapshot S [--all]} as its rsync
 * path, then the sender's options, "." and the patterns); the server sends the matching copies
 * as SNAPSHOT/PATH and the receiver role writes them here beneath {@code into} through a store
 * that writes real metadata (owners when run as root, modes, devices, symlinks, hard links,
 * ACLs, xattrs, nanosecond mtimes), never following a symlink while it writes.
 */
final class RsyncRestore {
    /** Our capabilities without incremental recursion (the receiver then reads one complete list). */
    static final String CAPABILITIES = "LsfxCIvu";

    /**
     * The capability letters after "-e." (rsync: options.c maybe_add_e_option): 'i' first, as
     * rsync puts it, unless --no-inc-recursive. The sending server decides (rsync: compat.c
     * set_allow_inc_recurse): when it takes it, the first list holds the matching paths and each
     * directory's contents come as a list of their own between the file data (rsync: flist.c
     * recv_additional_file_list), so only the lists in flight are held here; when it declines
     * (--no-inc-recursive on its side, a sender without it), one complete list comes.
     */
    static String capabilities(boolean incRecursive) {
        return incRecursive ? "i" + CAPABILITIES : CAPABILITIES;
    }

    /**
     * What a restore did.
     *
     * @param local  our receiver's messages and the server's rsync messages (multiplexed)
     * @param remote what the server wrote on stderr (the "Restoring:" table, or why nothing is restored)
     */
    record Outcome(int exit, int listed, int transferred, long bytesReceived, boolean incremental, String local,
            String remote) {
        /** The server found nothing matching: it said so (the original's "Sorry") and never started rsync. */
        boolean nothingMatched() {
            return exit != 0 && listed == 0 && remote.contains("** Sorry");
        }
    }

    private RsyncRestore() {}

    /**
     * The words of the remote command (rsync: options.c server_options for a pull with
     * -aHAXRz, compressed always, as the original's restore is).
     */
    static List<String> remoteCommand(String snapshot, boolean all, int ioTimeout, boolean incRecursive,
            List<String> encodedPatterns) {
        List<String> args = new ArrayList<>(List.of("byteback-restore", "--fake-super", "--snapshot", snapshot));
        if (all) args.add("--all");
        args.addAll(List.of("--server", "--sender", "-lHogDtpAXrRze." + capabilities(incRecursive)));
        if (ioTimeout > 0) args.add("--timeout=" + ioTimeout);
        args.add("--numeric-ids");
        args.add(".");
        args.addAll(encodedPatterns);
        return args;
    }

    /** The options our receiver runs with: those the server was given, as a receiving server would read them. */
    static ServerOptions receiverOptions(List<String> remote) throws ClientException {
        List<String> a = new ArrayList<>(List.of("--server"));
        int from = remote.indexOf("--sender") + 1;
        a.addAll(remote.subList(from, remote.indexOf(".")));
        a.add(".");
        a.add(".");
        try {
            return ServerOptions.parse(a);
        } catch (OptionException e) {
            throw new ClientException("internal: our own receiver options were refused: " + e.getMessage(), ExitCodes.FAILURE);
        }
    }

    static Outcome run(SshConnection ssh, List<String> remote, Path into, Reporter reporter) throws IOException,
            ClientException {
        ServerOptions options = receiverOptions(remote);
        reporter.detail("remote: " + String.join(" ", remote));
        ByteArrayOutputStream localErr = new ByteArrayOutputStream();
        try (RemoteCommand cmd = ssh.exec(String.join(" ", remote))) {
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
            ReceiveSession session = ReceiveSession.forClient(options, cmd.stdout(), cmd.stdin(), localErr,
                    l -> Store.openReal(into), List.of(), ReceiveListener.NONE, MemoryBudget.UNLIMITED);
            int code = session.run();
            cmd.stdin().close();
            int remoteExit = cmd.waitFor(Duration.ofMinutes(5));
            try {
                errReader.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            int exit = code != 0 ? code : Math.max(remoteExit, 0);
            reporter.detail(session.incremental()
                    ? "file list: incremental (one list per directory, received with the files)"
                    : "file list: one complete list");
            return new Outcome(exit, session.listed(), session.stats().transferredFiles.get(), session.bytesReceived(),
                    session.incremental(), localErr.toString(StandardCharsets.UTF_8).strip(), remoteErr.toString(StandardCharsets.UTF_8).strip());
        }
    }
}
