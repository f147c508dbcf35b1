package byteback.server.ssh;

import byteback.server.command.CommandSyntaxException;
import byteback.server.command.ExecParser;
import byteback.server.command.ExecRequest;
import byteback.server.invite.Invites;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.channel.ChannelSessionAware;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One exec request on a channel: parsed, checked against what the session's login allows, run on
 * a worker thread, and logged as one line (client, address, command, bytes, duration, result).
 */
final class ExecCommand implements Command, ChannelSessionAware {
    private static final Logger LOG = LoggerFactory.getLogger(ExecCommand.class);
    /** How long an expired command may take to end before its channel is closed. */
    private static final long EXPIRY_GRACE_SECONDS = 30;
    private static final ScheduledThreadPoolExecutor DEADLINES = deadlines();

    private static ScheduledThreadPoolExecutor deadlines() {
        ScheduledThreadPoolExecutor e = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "session-deadlines");
            t.setDaemon(true);
            return t;
        });
        e.setRemoveOnCancelPolicy(true);
        return e;
    }

    private final ServerContext ctx;
    private final String commandLine;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Future<?> task;
    private ChannelInput channelInput;
    private volatile boolean finished;
    private volatile boolean expired;
    private volatile ScheduledFuture<?> deadline;
    private ChannelOutput channelOutput;

    ExecCommand(ServerContext ctx, String commandLine) {
        this.ctx = ctx;
        this.commandLine = commandLine;
    }

    /**
     * Called before the streams are set: our receiver replaces MINA's piped input stream, and
     * standard output goes through reused packet buffers instead of MINA's ChannelOutputStream.
     */
    @Override
    public void setChannelSession(ChannelSession channel) {
        channelInput = ChannelInput.install(channel);
        in = channelInput.input();
        channelOutput = new ChannelOutput(channel);
    }

    @Override public void setInputStream(InputStream in) { this.in = in; }
    @Override public void setOutputStream(OutputStream out) { this.out = out; }
    @Override public void setErrorStream(OutputStream err) { this.err = err; }
    @Override public void setExitCallback(ExitCallback callback) { this.exit = callback; }

    @Override
    public void start(ChannelSession channel, Environment env) {
        ServerSession session = channel.getServerSession();
        task = ctx.workers().submit(() -> run(session));
        Duration limit = ctx.maxSessionTime();
        if (!limit.isZero()) {
            deadline = DEADLINES.schedule(() -> expire(channel), limit.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The command has run for the server's --max-session-time: its input ends and its thread is
     * interrupted, so it ends as if the client had gone (giving back its file list's memory, its
     * lock, its descriptors), and the client is told why. A command that does not end even so (its
     * client no longer reads what it writes) loses its channel a little later.
     */
    private void expire(ChannelSession channel) {
        if (finished) return;
        expired = true;
        if (channelInput != null) channelInput.abort();
        Future<?> t = task;
        if (t != null) t.cancel(true);
        deadline = DEADLINES.schedule(() -> {
            if (!finished) {
                LOG.info("exec command=\"{}\" still running {} s after its time limit: its channel is closed",
                        printable(commandLine), EXPIRY_GRACE_SECONDS);
                channel.close(true);
            }
        }, EXPIRY_GRACE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void destroy(ChannelSession channel) {
        if (channelInput != null) channelInput.abort();
        Future<?> t = task;
        if (t != null) t.cancel(true);
    }

    private void run(ServerSession session) {
        long started = System.nanoTime();
        String address = ((InetSocketAddress) session.getClientAddress()).getAddress().getHostAddress();
        String client = session.getAttribute(Sessions.CLIENT);
        Invites.Invite invite = session.getAttribute(Sessions.INVITE);
        AtomicLong bytesIn = new AtomicLong();
        AtomicLong bytesOut = new AtomicLong();
        InputStream cin = CountingStreams.in(in, bytesIn);
        OutputStream cout = CountingStreams.out(channelOutput != null ? channelOutput : out, bytesOut);
        PrintStream cerr = new PrintStream(CountingStreams.out(err, bytesOut), true, StandardCharsets.UTF_8);
        Outcome outcome;
        try {
            ExecRequest request = ExecParser.parse(commandLine);
            Commands commands = new Commands(ctx, session, client, invite, address);
            outcome = commands.run(request, cin, cout, cerr);
        } catch (CommandSyntaxException e) {
            outcome = Outcome.refused(e.getMessage());
        } catch (Throwable e) {
            if (!expired) LOG.warn("exec client={} address={} failed", client, address, e);
            outcome = Outcome.failed(1, "internal error: " + e);
        }
        finished = true;
        ScheduledFuture<?> d = deadline;
        if (d != null) d.cancel(false);
        if (expired) {
            outcome = Outcome.failed(outcome.exitCode() == 0 ? 1 : outcome.exitCode(), "this command ran for the"
                    + " server's limit of " + byteback.server.snapshot.Durations.words(ctx.maxSessionTime()) + " (serve --max-session-time) and was ended");
            Thread.interrupted(); // cancel's interrupt is spent: the client is still told why
        }
        if (outcome.messageForClient() != null) cerr.println("byteback: " + outcome.messageForClient());
        try {
            cout.flush();
        } catch (IOException e) {
            // the client is gone; nothing more to say to it
        }
        cerr.flush();
        long ms = (System.nanoTime() - started) / 1_000_000;
        LOG.info("exec client={} address={} command=\"{}\" in={} out={} duration={}ms exit={} result={}",
                client != null ? client : invite != null ? "(invite " + invite.client() + ")" : "-",
                address, printable(commandLine), bytesIn.get(), bytesOut.get(), ms, outcome.exitCode(), outcome.summary());
        exit.onExit(outcome.exitCode(), outcome.summary());
    }

    private static String printable(String s) {
        String t = s.length() > 300 ? s.substring(0, 300) + "..." : s;
        StringBuilder b = new StringBuilder();
        for (char c : t.toCharArray()) b.append(c < 0x20 || c == '"' ? '?' : c);
        return b.toString();
    }
}
