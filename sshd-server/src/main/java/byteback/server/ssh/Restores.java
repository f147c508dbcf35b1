package byteback.server.ssh;

import byteback.server.command.ExecRequest;
import byteback.server.restore.ListCommand;
import byteback.server.restore.PatternException;
import byteback.server.restore.RestoreCommand;
import byteback.server.restore.SenderCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.ZoneId;

/**
 * The read-only commands of one client: listings and restores (SPEC section 7). They take no
 * lock: they only read, and a backup running at the same time writes into {@code current} only,
 * so a restore from a snapshot sees a frozen tree and one from {@code current} sees each file as
 * it is at the moment it is read (as a restore from the original server does).
 */
final class Restores {
    private final ServerContext ctx;
    private final String client;

    Restores(ServerContext ctx, String client) {
        this.ctx = ctx;
        this.client = client;
    }

    private Path clientDir() {
        Path dir = ctx.store().clientDir(client);
        return Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? dir : null;
    }

    private Outcome noStore() {
        return Outcome.failed(1, "there are no backups of client \"" + client + "\" on this server");
    }

    private ZoneId zone() {
        return ctx.snapshotter().clock().getZone();
    }

    Outcome list(ExecRequest.ListFiles l, OutputStream out, PrintStream err) throws IOException {
        Path dir = clientDir();
        if (dir == null) return noStore();
        try {
            ListCommand.Result r = ListCommand.run(dir, l.all(), l.verbose(), l.snapshot(), l.patterns(), out, err, zone());
            return new Outcome(r.exitCode(), r.summary(), null);
        } catch (PatternException e) {
            return Outcome.refused(e.getMessage());
        }
    }

    /** {@code rsync --server --sender ... . PATH...}: a restore by path. */
    Outcome byPath(ExecRequest.RsyncSend s, InputStream in, OutputStream out, PrintStream err) throws IOException {
        Path dir = clientDir();
        if (dir == null) return noStore();
        String problem = SenderCommand.problem(s.args());
        if (problem != null) return Outcome.refused(problem);
        return send(s.args(), dir, in, out, err, "restore of " + SenderCommand.describe(s.args()));
    }

    /** {@code byteback-restore ...}: the original client's restore by pattern. */
    Outcome original(ExecRequest.Restore r, InputStream in, OutputStream out, PrintStream err) throws IOException {
        Path dir = clientDir();
        if (dir == null) return noStore();
        RestoreCommand.Plan plan;
        try {
            plan = RestoreCommand.plan(dir, r.args(), err, zone());
        } catch (RestoreCommand.NothingToRestore e) {
            return new Outcome(e.exitCode(), e.getMessage(), null);
        } catch (PatternException e) {
            return Outcome.refused(e.getMessage());
        }
        return send(plan.senderArgs(), plan.paths(), dir, in, out, err, plan.summary());
    }

    private Outcome send(java.util.List<String> args, Path dir, InputStream in, OutputStream out, PrintStream err,
            String what) throws IOException {
        return send(args, null, dir, in, out, err, what);
    }

    private Outcome send(java.util.List<String> args, java.util.List<byte[]> paths, Path dir, InputStream in,
            OutputStream out, PrintStream err, String what) throws IOException {
        SenderCommand.Result r = SenderCommand.run(args, paths, dir, in, out, err, ctx.memory());
        String summary = what + ": " + r.summary();
        return r.exitCode() == 0 ? Outcome.ok(summary) : new Outcome(r.exitCode(), "failed: " + summary, null);
    }
}
