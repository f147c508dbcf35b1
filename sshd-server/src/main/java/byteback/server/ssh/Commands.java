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
import byteback.server.store.Beneath;
import byteback.server.store.Store;
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
            ReceiveListener listener = ctx.hooks().forBackup(client);
            try (Beneath dest = openDestination(relative)) {
                code = RsyncServer.run(r.args(), in, out, err, dest.fd(), dest.path().toString(), listener, ctx.memory());
            } catch (UnsupportedOperationException e) {
                code = 1;
                return outcome = Outcome.failed(1, "this server cannot receive backups yet: " + e.getMessage());
            }
            if (code == ExitCode.MALLOC) {
                return outcome = new Outcome(code, "rsync exit " + code + ": refused, the server's memory budget for file lists"
                        + " (" + (ctx.memory().capacity() >> 20) + " MiB) is exhausted", null);
            }
            String stopped = listener.stoppedBecause(); // the size guard's message, on record
            return outcome = code == 0 ? Outcome.ok("backup received")
                    : new Outcome(code, "rsync exit " + code + (stopped != null ? ": " + stopped : ""), null);
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

    /**
     * ROOT/client/current/relative, opened step by step from ROOT with openat(O_NOFOLLOW) (missing
     * directories under current made with mkdirat): the receiver gets this descriptor and never
     * resolves the destination by name again, so no directory renamed or swapped for a symlink
     * meanwhile (by a local user, or by the client's own earlier backup) can redirect its writes.
     */
    private Beneath openDestination(Path relative) throws CommandSyntaxException, IOException {
        Beneath dir = Beneath.root(ctx.store().root());
        try {
            dir = descend(dir, client, false);
            dir = descend(dir, Store.CURRENT, false);
            for (Path part : relative) {
                if (!part.toString().isEmpty()) dir = descend(dir, part.toString(), true); // "" is current itself
            }
            return dir;
        } catch (IOException e) {
            // descend closed the directory it failed in
            if (e instanceof DestinationException) {
                throw new CommandSyntaxException("destination " + relative + " is not a directory in your store");
            }
            throw e;
        }
    }

    /** The child {@code name} of {@code parent}, which is closed; made when {@code make}. */
    private static Beneath descend(Beneath parent, String name, boolean make) throws IOException {
        try (parent) {
            try {
                return make ? parent.subdirectory(name) : parent.open(name);
            } catch (IOException e) {
                throw make ? new DestinationException(e) : e;
            }
        }
    }

    private static final class DestinationException extends IOException {
        DestinationException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
