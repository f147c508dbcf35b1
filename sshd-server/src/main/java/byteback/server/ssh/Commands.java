package byteback.server.ssh;

import byteback.rsync.receiver.ReceiveListener;
import byteback.rsync.protocol.ExitCode;
import byteback.rsync.server.RsyncServer;
import byteback.server.BackupHooks;
import byteback.server.command.CommandSyntaxException;
import byteback.server.command.DestinationPath;
import byteback.server.command.ExecRequest;
import byteback.server.diff.ClientDiff;
import byteback.server.diff.DiffFormat;
import byteback.server.diff.DiffResult;
import byteback.server.invite.Invites;
import byteback.server.snapshot.Snapshotter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.server.session.ServerSession;

/** What each allowed exec request does, for the client (or invite) the session logged in as. */
final class Commands {
    private final ServerContext ctx;
    private final ServerSession session;
    private final String client;
    private final Invites.Invite invite;
    private final String address;

    Commands(ServerContext ctx, ServerSession session, String client, Invites.Invite invite, String address) {
        this.ctx = ctx;
        this.session = session;
        this.client = client;
        this.invite = invite;
        this.address = address;
    }

    Outcome run(ExecRequest request, InputStream in, OutputStream out, PrintStream err) throws IOException, CommandSyntaxException {
        if (request instanceof ExecRequest.SetupClientReceive setup) {
            if (invite == null) {
                return Outcome.refused("byteback-setup-client-receive needs an invite token as the password;"
                        + " ask the administrator for one (byteback-server invite --name NAME)");
            }
            return new Enrolment(ctx, invite, address).run(setup, out);
        }
        if (invite != null || client == null) {
            return Outcome.refused("this login was made with an invite token: it may only run"
                    + " byteback-setup-client-receive " + (invite != null ? invite.client() : "NAME") + " PUBKEY");
        }
        if (request instanceof ExecRequest.RsyncReceive r) return receive(r, in, out, err);
        if (request instanceof ExecRequest.Ping) return ping(out);
        if (request instanceof ExecRequest.Complete) return complete(out);
        if (request instanceof ExecRequest.Diff d) return diff(d, out, err);
        if (request instanceof ExecRequest.RsyncSend s) return restores().byPath(s, in, out, err);
        if (request instanceof ExecRequest.ListFiles l) return restores().list(l, out, err);
        if (request instanceof ExecRequest.Restore r) return restores().original(r, in, out, err);
        return Outcome.refused("unsupported command");
    }

    private Restores restores() {
        return new Restores(ctx, client);
    }

    private Outcome ping(OutputStream out) throws IOException {
        String problem = storeProblem();
        if (problem != null) return Outcome.failed(1, problem);
        return Outcome.ok("ping ok");
    }

    /** Null when ROOT/client/current is a writable btrfs subvolume, else what is wrong. */
    private String storeProblem() {
        Path current = ctx.store().current(client);
        try {
            if (!Files.isDirectory(current, LinkOption.NOFOLLOW_LINKS)) {
                return "the store for client \"" + client + "\" does not exist on the server (" + current
                        + "); the administrator can create it with: byteback-server enrol";
            }
            if (!ctx.btrfs().isSubvolume(current)) return current + " is not a btrfs subvolume";
            if (!Files.isWritable(current)) return current + " is not writable by the server";
            return null;
        } catch (IOException e) {
            return "store check failed: " + e.getMessage();
        }
    }

    private Outcome diff(ExecRequest.Diff d, OutputStream out, PrintStream err) throws IOException {
        try {
            DiffResult r = ClientDiff.run(ctx.store(), client, d.names(), ctx.btrfs(), true);
            PrintStream ps = new PrintStream(out, false, StandardCharsets.UTF_8);
            ClientDiff.print(r, ps, err);
            return Outcome.ok(DiffFormat.summary(r));
        } catch (IllegalArgumentException e) {
            return Outcome.failed(1, e.getMessage());
        }
    }

    private Outcome complete(OutputStream out) throws IOException {
        String problem = storeProblem();
        if (problem != null) return Outcome.failed(1, problem);
        if (!ctx.locks().tryLock(client)) {
            String why = "a backup for \"" + client + "\" is running; no snapshot taken, try again when it ends";
            ctx.hooks().refused(client, BackupHooks.Refused.SNAPSHOT, BackupHooks.Cause.BUSY, why);
            return Outcome.refused(why);
        }
        try {
            Snapshotter.Result r = ctx.snapshotter().complete(client);
            out.write((r.message() + "\n").getBytes(StandardCharsets.UTF_8));
            return Outcome.ok(r.made() ? "snapshot " + r.path().getFileName() : "no snapshot: " + r.message());
        } finally {
            ctx.locks().unlock(client);
        }
    }

    private Outcome receive(ExecRequest.RsyncReceive r, InputStream in, OutputStream out, PrintStream err)
            throws IOException, CommandSyntaxException {
        Path relative;
        try {
            relative = DestinationPath.resolve(r.path());
        } catch (CommandSyntaxException e) {
            ctx.hooks().refused(client, BackupHooks.Refused.BACKUP, BackupHooks.Cause.REQUEST, e.getMessage());
            throw e;
        }
        String problem = storeProblem();
        if (problem != null) {
            ctx.hooks().refused(client, BackupHooks.Refused.BACKUP, BackupHooks.Cause.STORE, problem);
            return Outcome.failed(1, problem);
        }
        if (!lockWaitingForAnEndingBackup()) {
            String why = "a backup for \"" + client + "\" is already running; only one at a time, try again when it ends";
            ctx.hooks().refused(client, BackupHooks.Refused.BACKUP, BackupHooks.Cause.BUSY, why);
            return Outcome.refused(why);
        }
        int code = -1;
        Outcome outcome = null;
        AtomicLong received = new AtomicLong();
        in = CountingStreams.in(in, received);
        try {
            Path dest = makeDestination(ctx.store().current(client), relative);
            ReceiveListener listener = ctx.hooks().forBackup(client);
            try {
                code = RsyncServer.run(r.args(), in, out, err, dest, listener, ctx.memory());
            } catch (UnsupportedOperationException e) {
                code = 1;
                return outcome = Outcome.failed(1, "this server cannot receive backups yet: " + e.getMessage());
            }
            if (code == ExitCode.MALLOC) {
                return outcome = new Outcome(code, "rsync exit " + code + ": refused, the server's memory budget for file lists"
                        + " (" + (ctx.memory().capacity() >> 20) + " MiB) is exhausted", null);
            }
            return outcome = code == 0 ? Outcome.ok("backup received") : new Outcome(code, "rsync exit " + code, null);
        } finally {
            ctx.locks().unlock(client);
            ctx.hooks().afterBackup(client, code, outcome != null ? outcome.summary() : "internal error", received.get());
        }
    }

    /** The client's lock, waiting a moment for a backup whose client was just killed to end. */
    private boolean lockWaitingForAnEndingBackup() {
        try {
            return ctx.locks().lock(client, ClientLocks.ENDING_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** current/relative, creating missing directories, never through a symlink. */
    private static Path makeDestination(Path current, Path relative) throws CommandSyntaxException, IOException {
        Path p = current;
        for (Path part : relative) {
            p = p.resolve(part);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(p);
            } else if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                throw new CommandSyntaxException("destination " + relative + " is not a directory in your store");
            }
        }
        return p;
    }
}
