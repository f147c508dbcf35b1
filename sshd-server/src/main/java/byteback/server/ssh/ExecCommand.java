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
import java.util.concurrent.Future;
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

    private final ServerContext ctx;
    private final String commandLine;
    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback exit;
    private volatile Future<?> task;
    private ChannelInput channelInput;

    ExecCommand(ServerContext ctx, String commandLine) {
        this.ctx = ctx;
        this.commandLine = commandLine;
    }

    /** Called before the streams are set: our receiver replaces MINA's piped input stream. */
    @Override
    public void setChannelSession(ChannelSession channel) {
        channelInput = ChannelInput.install(channel);
        in = channelInput.input();
    }

    @Override public void setInputStream(InputStream in) { this.in = in; }
    @Override public void setOutputStream(OutputStream out) { this.out = out; }
    @Override public void setErrorStream(OutputStream err) { this.err = err; }
    @Override public void setExitCallback(ExitCallback callback) { this.exit = callback; }

    @Override
    public void start(ChannelSession channel, Environment env) {
        ServerSession session = channel.getServerSession();
        task = ctx.workers().submit(() -> run(session));
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
        OutputStream cout = CountingStreams.out(out, bytesOut);
        PrintStream cerr = new PrintStream(CountingStreams.out(err, bytesOut), true, StandardCharsets.UTF_8);
        Outcome outcome;
        try {
            ExecRequest request = ExecParser.parse(commandLine);
            Commands commands = new Commands(ctx, session, client, invite, address);
            outcome = commands.run(request, cin, cout, cerr);
        } catch (CommandSyntaxException e) {
            outcome = Outcome.refused(e.getMessage());
        } catch (Throwable e) {
            LOG.warn("exec client={} address={} failed", client, address, e);
            outcome = Outcome.failed(1, "internal error: " + e);
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
