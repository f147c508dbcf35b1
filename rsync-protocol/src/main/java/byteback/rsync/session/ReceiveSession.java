package byteback.rsync.session;

import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.memory.MemoryBudgetExceededException;
import byteback.rsync.memory.Reservation;
import byteback.rsync.compress.Compression;

import byteback.rsync.generator.DeletionFilter;
import byteback.rsync.generator.Deletions;
import byteback.rsync.generator.Generator;
import byteback.rsync.options.ServerOptions;
import byteback.rsync.receiver.Receiver;
import byteback.rsync.server.ReceiveListener;
import byteback.rsync.store.Store;
import byteback.rsync.store.WriteListener;
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
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One receiving server session (rsync: main.c start_server → do_server_recv → do_recv): protocol
 * setup, the filter rules, the file list, then the generator (this thread) and the receiver (a
 * second thread) until the final goodbye. Every failure ends in rsync's exit code with a message
 * for the client.
 */
public final class ReceiveSession {
    /** How long we keep reading after announcing an error exit, so the client sees our message. */
    private static final long DRAIN_MILLIS = 10_000;
    /** An honest client stops after the error; one that keeps sending is not read past this. */
    private static final long DRAIN_BYTES = 16L << 20;

    private final ServerOptions options;
    private final InputStream rawIn;
    private final OutputStream rawOut;
    private final IoClock clock = new IoClock();
    private final WireReader in;
    private final WireWriter out;
    private final ClientMessages messages;
    private final ClientMessageHandler clientMessages;
    private final Path dest;
    private final ReceiveListener listener;
    private final FileListSource fileListSource;
    private final DeletionFilterFactory filterFactory;
    private final TransferStats stats = new TransferStats();
    private final MemoryBudget memory;
    private Reservation reservation;
    private final AtomicBoolean timedOut = new AtomicBoolean();
    private Protocol protocol;
    private volatile Receiver receiver;
    private volatile boolean finished;

    /**
     * Builds the deletion filter from the rules the client sent (rsync: exclude.c
     * recv_filter_list); per-directory merge files are read from {@code store}.
     */
    @FunctionalInterface
    public interface DeletionFilterFactory {
        DeletionFilter create(List<byte[]> rules, ServerOptions options, Store store) throws IOException;
    }

    public ReceiveSession(ServerOptions options, InputStream in, OutputStream out, OutputStream err, Path dest,
            ReceiveListener listener, FileListSource fileListSource, DeletionFilterFactory filterFactory) {
        this(options, in, out, err, dest, listener, fileListSource, filterFactory, MemoryBudget.UNLIMITED);
    }

    /**
     * @param memory the server's memory budget shared by all connections: this session reserves
     *               what its file list holds from it and gives it all back when it ends
     */
    public ReceiveSession(ServerOptions options, InputStream in, OutputStream out, OutputStream err, Path dest,
            ReceiveListener listener, FileListSource fileListSource, DeletionFilterFactory filterFactory,
            MemoryBudget memory) {
        this.memory = memory;
        this.options = options;
        this.rawIn = in;
        this.rawOut = out;
        this.in = new WireReader(in, clock);
        this.out = new WireWriter(out, clock);
        this.messages = new ClientMessages(this.out, err);
        this.clientMessages = new ClientMessageHandler(messages);
        this.dest = dest;
        this.listener = listener;
        this.fileListSource = fileListSource;
        this.filterFactory = filterFactory;
    }

    /**
     * The process is being terminated (SIGTERM, SIGHUP): the file being received is removed (or
     * kept as partial with --partial) so that no temp file stays behind.
     */
    public void terminate() {
        Receiver r = receiver;
        if (r != null && !finished) {
            r.interrupt();
        }
    }

    /** Runs the session to its end and returns rsync's exit code. */
    public int run() {
        try (Reservation r = memory.open()) {
            reservation = r;
            return runSession();
        } finally {
            finished = true;
        }
    }

    private int runSession() {
        listener.receiving(stats);
        IoWatchdog watchdog = null;
        Thread receiverThread = null;
        AtomicReference<Throwable> receiverFailure = new AtomicReference<>();
        try {
            // rsync's --timeout covers the version exchange too: a client silent from its first byte
            // is cut (no keep-alives before the protocol is known, so the version given is unused)
            IoWatchdog setupWatchdog = options.timeoutSeconds() > 0 ? new IoWatchdog(clock, out,
                    ProtocolSetup.MIN_VERSION, options.timeoutSeconds(), this::timeout) : null;
            if (setupWatchdog != null) {
                setupWatchdog.start();
            }
            try {
                protocol = ProtocolSetup.negotiate(in, out, options.capabilities().raw(), options.checksumChoice(),
                        options.compress(), compressChoiceName());
            } finally {
                if (setupWatchdog != null) {
                    setupWatchdog.close();
                }
            }
            Compression compression = protocol.compression().withLevel(options.compressLevel());
            if (compression != protocol.compression()) { // zlib/zlibx at --compress-level=0: rsync sends plain tokens
                protocol = new Protocol(protocol.version(), protocol.compatFlags(), protocol.checksum(),
                        protocol.fileChecksum(), compression, protocol.seed());
            }
            out.startMultiplex();
            in.startMultiplex(clientMessages);
            if (options.timeoutSeconds() > 0) {
                watchdog = new IoWatchdog(clock, out, protocol.version(), options.timeoutSeconds(), this::timeout);
                watchdog.start();
            }
            List<byte[]> rules = options.readsFilterList(protocol.version()) ? FilterRules.read(in) : List.of();
            FileListSource.Result list = fileListSource.read(in, protocol, options, reservation);
            clientMessages.addIoError(list.ioError());
            if (watchdog != null) {
                watchdog.enableKeepAlives();
            }
            List<ListedFile> files = list.files();

            try (Store store = Store.open(dest, writeListener())) {
                final Receiver receiver;
                ReceiverEvents events = new ReceiverEvents();
                XattrValues xattrValues = new XattrValues();
                DeletionFilter filter = filterFactory.create(rules, options, store);
                DeletionFilter effective = clientMessages.ioError() != 0 && !options.ignoreErrors()
                        ? null : filter;
                Deletions deletions = new Deletions(files, store, stats, messages,
                        effective == null ? DeletionFilter.NONE : effective);
                Generator generator = new Generator(protocol, options, files, store, out, events, messages, stats,
                        clock, deletions, xattrValues);
                if (effective == null && options.delete()) {
                    messages.error("IO error encountered -- skipping file deletion");
                    deletions.disable();
                }
                receiver = this.receiver = new Receiver(protocol, options, files, store, in, events, messages, stats, clock,
                        f -> generator.metadata(f, null, true), xattrValues);
                receiverThread = new Thread(() -> {
                    try {
                        receiver.run();
                    } catch (Throwable t) {
                        receiverFailure.set(t);
                        events.failed(t);
                    }
                }, "rsync-receiver");
                receiverThread.start();
                generator.run();
                receiverThread.join();
                receiverThread = null;
                if (receiverFailure.get() != null) {
                    throw receiverFailure.get();
                }
            }
            return finish();
        } catch (ReceiverEvents.ReceiverFailedException e) {
            return fail(receiverFailure.get() != null ? receiverFailure.get() : e.getCause(), receiverThread);
        } catch (Throwable t) {
            return fail(t, receiverThread);
        } finally {
            if (watchdog != null) {
                watchdog.close();
            }
        }
    }

    private String compressChoiceName() {
        var c = options.compressChoice();
        return c == null ? null : c.wireName();
    }

    private WriteListener writeListener() {
        return new WriteListener() {
            @Override
            public void beforeWrite(long bytes) throws IOException {
                listener.beforeWrite(bytes);
            }

            @Override
            public void written(long bytes) {
                listener.written(bytes);
            }
        };
    }

    /** The normal end: exit code 0, or 23/24 after errors with single files. */
    private int finish() throws IOException {
        int code = ExitCode.OK;
        int io = clientMessages.ioError();
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

    private static String exitLine(int code) {
        String name = ExitCode.name(code);
        String kind = code == ExitCode.VANISHED ? "rsync warning: " : "rsync error: ";
        return kind + name + " (code " + code + ") at byteback [receiver=byteback]";
    }

    /** rsync: cleanup.c _exit_cleanup for a fatal error. */
    private int fail(Throwable t, Thread receiverThread) {
        int code;
        String detail;
        if (timedOut.get()) {
            code = ExitCode.TIMEOUT;
            detail = null;
        } else if (t instanceof ClientMessageHandler.ClientExitException e) {
            stopReceiver(receiverThread);
            return e.exitCode();
        } else if (t instanceof MemoryBudgetExceededException) {
            code = ExitCode.MALLOC; // rsync: util2.c out_of_memory
            reservation.close(); // the list being read is garbage now: others may have its share at once
            detail = "ERROR: out of memory in receive_file_list [receiver]: " + t.getMessage();
        } else if (t instanceof SessionException e) {
            code = e.exitCode();
            detail = e.getMessage();
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
            // the client is gone
        }
        if (announce) {
            drain(receiverThread);
        }
        stopReceiver(receiverThread);
        return code;
    }

    /**
     * rsync: io.c noop_io_until_death — read until the client closes, for a bounded time and at
     * most {@link #DRAIN_BYTES}, so a client that ignores the error cannot keep us reading.
     */
    private void drain(Thread receiverThread) {
        long deadline = System.currentTimeMillis() + DRAIN_MILLIS;
        if (receiverThread != null && receiverThread.isAlive()) {
            try {
                receiverThread.join(DRAIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
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
            drainer.join(DRAIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopReceiver(Thread receiverThread) {
        if (receiverThread == null || !receiverThread.isAlive()) {
            return;
        }
        closeQuietly();
        try {
            receiverThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void timeout() {
        timedOut.set(true);
        messages.error("[receiver] io timeout after " + options.timeoutSeconds() + " seconds -- exiting");
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            rawIn.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
