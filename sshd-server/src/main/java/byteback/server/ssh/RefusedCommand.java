package byteback.server.ssh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/** Stands in for a shell or subsystem: tells the client why not and exits with status 1. */
final class RefusedCommand implements Command {
    private final String message;
    private OutputStream err;
    private ExitCallback exit;

    RefusedCommand(String message) {
        this.message = message;
    }

    @Override public void setInputStream(InputStream in) {}
    @Override public void setOutputStream(OutputStream out) {}
    @Override public void setErrorStream(OutputStream err) { this.err = err; }
    @Override public void setExitCallback(ExitCallback callback) { this.exit = callback; }

    @Override
    public void start(ChannelSession channel, Environment env) {
        try {
            err.write(("byteback: " + message + "\r\n").getBytes(StandardCharsets.UTF_8));
            err.flush();
        } catch (IOException e) {
            // the client is gone
        }
        exit.onExit(1, message);
    }

    @Override
    public void destroy(ChannelSession channel) {}
}
