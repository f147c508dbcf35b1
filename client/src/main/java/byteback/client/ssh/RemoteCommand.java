package byteback.client.ssh;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;

/** A command running on the server over an exec channel: its stdin, stdout, stderr and exit status. */
public final class RemoteCommand implements AutoCloseable {
    private final ChannelExec channel;

    private RemoteCommand(ChannelExec channel) {
        this.channel = channel;
    }

    static RemoteCommand start(ClientSession session, String command) throws IOException {
        ChannelExec ch = session.createExecChannel(command);
        ch.setRedirectErrorStream(false);
        ch.open().verify(Duration.ofSeconds(60));
        return new RemoteCommand(ch);
    }

    public OutputStream stdin() {
        return channel.getInvertedIn();
    }

    /**
     * The command's stdin for a protocol that flushes after its last word: a flush with nothing
     * written since the last one does nothing. (MINA's channel stream refuses even an empty flush
     * once the far side has closed, and stock rsync as the receiving server exits as soon as it has
     * our final goodbye.)
     */
    public OutputStream stdinFlushingOnlyWhatWasWritten() {
        return new FilterOutputStream(stdin()) {
            private boolean pending;

            @Override
            public void write(int b) throws IOException {
                out.write(b);
                pending = true;
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
                pending |= len > 0;
            }

            @Override
            public void flush() throws IOException {
                if (!pending) return;
                out.flush();
                pending = false;
            }
        };
    }

    public InputStream stdout() {
        return channel.getInvertedOut();
    }

    public InputStream stderr() {
        return channel.getInvertedErr();
    }

    /** Waits for the channel to close; the exit status, or -1 when the server sent none. */
    public int waitFor(Duration timeout) {
        Set<ClientChannelEvent> ev = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED, ClientChannelEvent.EXIT_STATUS),
                timeout);
        if (!ev.contains(ClientChannelEvent.EXIT_STATUS)) {
            channel.waitFor(EnumSet.of(ClientChannelEvent.EXIT_STATUS, ClientChannelEvent.CLOSED), Duration.ofSeconds(5));
        }
        Integer s = channel.getExitStatus();
        return s == null ? -1 : s;
    }

    /** A finished command's exit status and output. */
    public record Result(int exit, String out, String err) {
        public String combined() {
            String o = out.strip();
            String e = err.strip();
            if (o.isEmpty()) return e;
            if (e.isEmpty()) return o;
            return o + "\n" + e;
        }
    }

    /** Reads both streams to their ends and waits for the exit status. */
    public Result collect(Duration timeout) throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread errReader = new Thread(() -> {
            try {
                stderr().transferTo(err);
            } catch (IOException e) {
                // channel closed
            }
        }, "ssh-stderr");
        errReader.setDaemon(true);
        errReader.start();
        byte[] out;
        try {
            out = stdout().readAllBytes();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        int exit = waitFor(timeout);
        try {
            errReader.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Result(exit, new String(out, StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /**
     * The command's stdout, whose close() ends the whole channel at once: what the rsync session's
     * --timeout watchdog closes, so that a send blocked on a server that stopped reading (its
     * window full) ends too, not only a read.
     */
    public InputStream stdoutAbortingOnClose() {
        return new FilterInputStream(stdout()) {
            @Override
            public void close() throws IOException {
                channel.close(true);
                super.close();
            }
        };
    }

    @Override
    public void close() {
        channel.close(false);
    }
}
