package byteback.rsync.session;

import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.memory.MemoryBudgetExceededException;
import byteback.rsync.memory.Reservation;
import byteback.rsync.protocol.ExitCode;
import byteback.rsync.protocol.Protocol;
import byteback.rsync.protocol.SessionException;
import byteback.rsync.wire.IoClock;
import byteback.rsync.wire.IoWatchdog;
import byteback.rsync.wire.MessageCode;
import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireReader;
import byteback.rsync.wire.WireWriter;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every rsync session has, whichever role it plays (receiving server, sending server,
 * client): the streams, the version exchange under --timeout, the multiplexed I/O with the peer's
 * messages, the watchdog, the transfer statistics, the memory reservation, and the way a session
 * ends — a normal end with exit code 0/23/24, or a fatal error with rsync's exit code, a message
 * for the peer, MSG_ERROR_EXIT and a bounded drain (rsync: main.c, io.c, cleanup.c). The role's
 * own work runs inside {@link #run(Body)}.
 */
public final class SessionCore {
    /** How long we keep reading after announcing an error exit, so the peer sees our message. */
    private static final long DRAIN_MILLIS = 10_000;
    /** An honest peer stops after the error; one that keeps sending is not read past this. */
    private static final long DRAIN_BYTES = 16L << 20;

    /** Which side of the transfer a session plays, as rsync names it in its messages. */
    public record Side(String role, String listFunction) {
        public static final Side RECEIVER = new Side("receiver", "receive_file_list");
        public static final Side SENDER = new Side("sender", "send_file_list");
    }

    /** The role's work, between the start of the session and its normal end. */
    @FunctionalInterface
    public interface Body {
        /** @return the exit code of a normal end, usually {@link SessionCore#finish()} */
        int run(SessionCore core) throws Throwable;
    }

    /** A protocol setup step run under the --timeout watchdog (rsync: compat.c setup_protocol). */
    @FunctionalInterface
    public interface Setup {
        Protocol negotiate(WireReader in, WireWriter out) throws IOException;
    }

    private final Side side;
    private final int timeoutSeconds;
    private final InputStream rawIn;
    private final IoClock clock = new IoClock();
    private final WireReader in;
    private final WireWriter out;
    private final ClientMessages messages;
    private final ClientMessageHandler peerMessages;
    private final TransferStats stats = new TransferStats();
    private final MemoryBudget memory;
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private Reservation reservation;
    private IoWatchdog watchdog;
    private Protocol protocol;
    private volatile Thread worker;

    /**
     * @param timeoutSeconds rsync's --timeout, 0 for none
     * @param memory         the server's budget shared by all connections; what this session holds
     *                       is reserved from it and all given back when the session ends
     */
    public SessionCore(Side side, InputStream in, OutputStream out, OutputStream err, int timeoutSeconds,
            MemoryBudget memory) {
        this(side, false, in, out, err, timeoutSeconds, memory);
    }

    /**
     * @param client true for the client's side of a transfer (the byteback client jar): our
     *               messages and the server's are written to {@code err}, none is sent to the server
     */
    public SessionCore(Side side, boolean client, InputStream in, OutputStream out, OutputStream err,
            int timeoutSeconds, MemoryBudget memory) {
        this.side = side;
        this.timeoutSeconds = timeoutSeconds;
        this.rawIn = in;
        this.in = new WireReader(in, clock);
        this.out = new WireWriter(out, clock);
        this.messages = new ClientMessages(this.out, err, client);
        this.peerMessages = new ClientMessageHandler(messages);
        this.memory = memory;
    }

    public WireReader in() {
        return in;
    }

    public WireWriter out() {
        return out;
    }

    public IoClock clock() {
        return clock;
    }

    /** Messages for the user at the peer. */
    public ClientMessages messages() {
        return messages;
    }

    /** What the peer told us out of band (its I/O errors, its error exit). */
    public ClientMessageHandler peerMessages() {
        return peerMessages;
    }

    public TransferStats stats() {
        return stats;
    }

    /** This session's share of the memory budget (valid inside {@link #run(Body)}). */
    public Reservation reservation() {
        return reservation;
    }

    /** What the setup agreed; null before it. */
    public Protocol protocol() {
        return protocol;
    }

    /** Replaces the agreed protocol (e.g. with a compressor at the session's level). */
    public void protocol(Protocol p) {
        this.protocol = p;
    }

    /** The role's second thread (the receiver, a reader of the peer's requests), stopped on failure. */
    public void worker(Thread t) {
        this.worker = t;
    }

    /**
     * Runs {@code body} with a memory reservation and turns whatever it throws into rsync's exit
     * code and messages. Returns the exit code.
     */
    public int run(Body body) {
        try (Reservation r = memory.open()) {
            reservation = r;
            try {
                return body.run(this);
            } catch (Throwable t) {
                return fail(t);
            } finally {
                if (watchdog != null) {
                    watchdog.close();
                }
            }
        }
    }

    /**
     * The version exchange and negotiation; rsync's --timeout covers it too, so a peer silent from
     * its first byte is cut (no keep-alives before the protocol is known).
     */
    public Protocol setup(Setup setup) throws IOException {
        IoWatchdog setupWatchdog = timeoutSeconds > 0 ? new IoWatchdog(clock, out, ProtocolSetup.MIN_VERSION,
                timeoutSeconds, this::timeout) : null;
        if (setupWatchdog != null) {
            setupWatchdog.start();
        }
        try {
            protocol = setup.negotiate(in, out);
            return protocol;
        } finally {
            if (setupWatchdog != null) {
                setupWatchdog.close();
            }
        }
    }

    /** Both directions multiplexed from here on (rsync: io.c io_start_multiplex_out/in); the watchdog starts. */
    public void startMultiplex() throws IOException {
        out.startMultiplex();
        in.startMultiplex(peerMessages);
        if (timeoutSeconds > 0) {
            watchdog = new IoWatchdog(clock, out, protocol.version(), timeoutSeconds, this::timeout);
            watchdog.start();
        }
    }

    /** Keep-alives while we are quiet (rsync: maybe_send_keepalive), once the file list is through. */
    public void enableKeepAlives() {
        if (watchdog != null) {
            watchdog.enableKeepAlives();
        }
    }

    /** The normal end: exit code 0, or 23/24 after errors with single files. */
    public int finish() throws IOException {
        int code = ExitCode.OK;
        int io = peerMessages.ioError();
        if ((io & 2) != 0) {
            code = ExitCode.VANISHED;
        }
        if ((io & 1) != 0 || messages.hadTransferError()) {
            code = ExitCode.PARTIAL;
        }
        if (code != ExitCode.OK) {
            messages.error(exitLine(code));
        }
        out.flush();
        return code;
    }

    /** rsync: log.c log_exit's line, e.g. "rsync error: ... (code 23) at byteback [receiver=byteback]". */
    public String exitLine(int code) {
        String name = ExitCode.name(code);
        String kind = code == ExitCode.VANISHED ? "rsync warning: " : "rsync error: ";
        return kind + name + " (code " + code + ") at byteback [" + side.role() + "=byteback]";
    }

    /** rsync: cleanup.c _exit_cleanup for a fatal error. */
    public int fail(Throwable t) {
        int code;
        String detail;
        if (timedOut.get()) {
            code = ExitCode.TIMEOUT;
            detail = null;
        } else if (t instanceof ClientMessageHandler.ClientExitException e) {
            stopWorker();
            return e.exitCode();
        } else if (t instanceof MemoryBudgetExceededException) {
            code = ExitCode.MALLOC; // rsync: util2.c out_of_memory
            if (reservation != null) {
                reservation.close(); // the list being built is garbage now: others may have its share at once
            }
            detail = "ERROR: out of memory in " + side.listFunction() + " [" + side.role() + "]: " + t.getMessage();
        } else if (t instanceof SessionException e) {
            code = e.exitCode();
            detail = e.getMessage();
        } else if (t instanceof byteback.rsync.filter.FilterCostException) {
            code = ExitCode.PROTOCOL; // the client's rules cost too much to match: refused, as bad rules are
            detail = "rsync: " + t.getMessage();
        } else if (t instanceof ProtocolException) {
            code = ExitCode.STREAMIO;
            detail = "rsync: protocol error: " + t.getMessage();
        } else if (t instanceof EOFException) {
            code = ExitCode.STREAMIO;
            detail = "rsync: " + t.getMessage();
        } else if (t instanceof IOException) {
            code = out.isBroken() ? ExitCode.SOCKETIO : ExitCode.FILEIO;
            detail = "rsync: " + t.getMessage();
        } else {
            code = ExitCode.IPC;
            detail = "rsync: internal error: " + t;
        }
        if (detail != null) {
            messages.error(detail);
        }
        messages.error(exitLine(code));
        boolean announce = protocol != null && protocol.version() >= 31 && code != ExitCode.SOCKETIO
                && code != ExitCode.STREAMIO && code != ExitCode.TIMEOUT;
        try {
            if (announce && out.isMultiplexed()) {
                out.sendMessageInt(MessageCode.ERROR_EXIT, code);
            }
            out.flush();
        } catch (IOException ignored) {
            // the peer is gone
        }
        if (announce) {
            drain();
        }
        stopWorker();
        return code;
    }

    /** Whether --timeout ended the session. */
    public boolean timedOut() {
        return timedOut.get();
    }

    /**
     * rsync: io.c noop_io_until_death — read until the peer closes, for a bounded time and at
     * most {@link #DRAIN_BYTES}, so a peer that ignores the error cannot keep us reading. When the
     * role's worker thread still reads the input, it is given that time to see the end instead;
     * once it has ended (it may be the thread that failed, and so never reads again), the rest is
     * drained here: else the peer, still writing, meets a closed pipe before it reads our message.
     */
    private void drain() {
        long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
        Thread w = worker;
        if (w != null && w.isAlive()) {
            try {
                w.join(DRAIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (System.currentTimeMillis() >= deadline) {
            return;
        }
        Thread drainer = new Thread(() -> {
            byte[] b = new byte[8192];
            long drained = 0;
            try {
                int n;
                while (drained < DRAIN_BYTES && System.currentTimeMillis() < deadline && (n = rawIn.read(b)) >= 0) {
                    drained += n;
                }
            } catch (IOException ignored) {
                // closed
            }
        }, "rsync-drain");
        drainer.setDaemon(true);
        drainer.start();
        try {
            drainer.join(Math.max(1, deadline - System.currentTimeMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopWorker() {
        Thread w = worker;
        if (w == null || !w.isAlive()) {
            return;
        }
        closeInput();
        try {
            w.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void timeout() {
        timedOut.set(true);
        messages.error("[" + side.role() + "] io timeout after " + timeoutSeconds + " seconds -- exiting");
        closeInput();
    }

    /** Closes the input, which ends any read in progress. */
    public void closeInput() {
        try {
            rawIn.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
