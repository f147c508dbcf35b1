package byteback.rsync.receiver;

import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.options.ServerOptions;
import byteback.rsync.protocol.CompatFlags;
import byteback.rsync.protocol.ExitCode;
import byteback.rsync.protocol.Protocol;
import byteback.rsync.protocol.SessionException;
import byteback.rsync.session.ClientMessageHandler;
import byteback.rsync.session.ClientMessages;
import byteback.rsync.session.ClientProtocolSetup;
import byteback.rsync.session.FilterRules;
import byteback.rsync.session.ProtocolSetup;
import byteback.rsync.session.SessionCore;
import byteback.rsync.session.TransferStats;
import byteback.rsync.store.Store;
import byteback.rsync.store.WriteListener;
import byteback.rsync.wire.WireReader;
import byteback.rsync.wire.WireWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One receiving server session (rsync: main.c start_server → do_server_recv → do_recv): protocol
 * setup, the filter rules, the file list, then the generator (this thread) and the receiver (a
 * second thread) until the final goodbye. The role-neutral parts (setup, multiplexing, timeout,
 * exit codes) are the {@link SessionCore}'s.
 */
public final class ReceiveSession {
    private final ServerOptions options;
    private final SessionCore core;
    private final Destination dest;
    private final ReceiveListener listener;
    private final FileListSource fileListSource;
    private final DeletionFilterFactory filterFactory;
    private volatile Receiver receiver;
    private volatile boolean finished;
    private volatile Thread receiverThread;
    private volatile Store store;
    /** On the client (a restore): the rules to send the sending server; null on a server. */
    private final List<String> clientRules;
    private volatile int listed;
    private volatile boolean incremental;
    /** The lists of an incremental-recursion receive (null: one complete list, or not read yet). */
    private volatile IncrementalLists incrementalLists;

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
        this(options, in, out, err, l -> Store.open(dest, l), listener, fileListSource, filterFactory, memory);
    }

    /** Opens the session's store once the file list is in (a path, or an open descriptor). */
    @FunctionalInterface
    public interface Destination {
        Store open(WriteListener listener) throws IOException;
    }

    /** As the constructor with a Path, the store opened by {@code dest} (e.g. from a descriptor). */
    public ReceiveSession(ServerOptions options, InputStream in, OutputStream out, OutputStream err,
            Destination dest, ReceiveListener listener, FileListSource fileListSource,
            DeletionFilterFactory filterFactory, MemoryBudget memory) {
        this(options, in, out, err, dest, listener, fileListSource, filterFactory, memory, null);
    }

    /**
     * The client's receiver (rsync: main.c client_run without am_sender, then do_recv): the
     * client half of the setup, the filter rules {@code rulesForServer} sent to the sending
     * server, the file list read as a server receiver reads it, the server's statistics read at
     * the end; messages (ours and the server's) are written to {@code err}. The restore of the
     * byteback client jar: {@code dest} is usually {@link Store#openReal}.
     */
    public static ReceiveSession forClient(ServerOptions options, InputStream in, OutputStream out, OutputStream err,
            Destination dest, List<String> rulesForServer, ReceiveListener listener, MemoryBudget memory) {
        return new ReceiveSession(options, in, out, err, dest, listener, new ListedFiles(),
                (rules, o, s) -> DeletionFilter.NONE, memory, List.copyOf(rulesForServer));
    }

    private ReceiveSession(ServerOptions options, InputStream in, OutputStream out, OutputStream err,
            Destination dest, ReceiveListener listener, FileListSource fileListSource,
            DeletionFilterFactory filterFactory, MemoryBudget memory, List<String> clientRules) {
        this.options = options;
        this.clientRules = clientRules;
        this.core = new SessionCore(SessionCore.Side.RECEIVER, clientRules != null, in, out, err,
                options.timeoutSeconds(), memory);
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

    /** Entries in the file list received (0 before it is in); with incremental recursion, in every list so far. */
    public int listed() {
        IncrementalLists lists = incrementalLists;
        return lists != null ? (int) Math.min(Integer.MAX_VALUE, lists.entriesRead()) : listed;
    }

    /**
     * Whether the file list came with incremental recursion (one list per directory, rsync's
     * CF_INC_RECURSE), which the sending side decides; false before the protocol setup.
     */
    public boolean incremental() {
        return incremental;
    }

    /** Bytes read from the peer so far. */
    public long bytesReceived() {
        return core.in().totalRead();
    }

    /** Bytes written to the peer so far. */
    public long bytesSent() {
        return core.out().totalWritten();
    }

    /** The counters of this receive (files transferred, literal and matched data). */
    public TransferStats stats() {
        return core.stats();
    }

    /** Runs the session to its end and returns rsync's exit code. */
    public int run() {
        try {
            return core.run(c -> receive());
        } finally {
            try {
                awaitReceiver();
            } finally {
                closeStore();
                finished = true;
            }
        }
    }

    /**
     * Waits until the receiver thread has ended, however long that takes: the store (and with it
     * the caller's lock on the client) must not be given up while it may still write. Before,
     * the store was closed first and the thread was given 5 s; an orphaned receiver could then
     * write through a descriptor number already reused by another session.
     */
    private void awaitReceiver() {
        Thread t = receiverThread;
        if (t == null || !t.isAlive()) {
            return;
        }
        core.closeInput(); // ends a read in progress
        boolean interrupted = false;
        while (t.isAlive()) {
            try {
                t.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void closeStore() {
        Store s = store;
        store = null;
        if (s != null) {
            try {
                s.close();
            } catch (IOException | RuntimeException e) {
                core.messages().error("rsync: closing the destination: " + e.getMessage());
            }
        }
    }

    private int receive() throws Throwable {
        listener.receiving(core.stats());
        boolean client = clientRules != null;
        Protocol protocol = client
                ? core.setup((in, out) -> ClientProtocolSetup.negotiate(in, out, options.compress()))
                : core.setup((in, out) -> ProtocolSetup.negotiateAsServer(in, out, options));
        incremental = protocol.has(CompatFlags.INC_RECURSE);
        if (incremental && client && !options.capabilities().incRecurse()) {
            // rsync: compat.c setup_protocol, "Incompatible options specified for inc-recursive connection"
            throw new SessionException(ExitCode.SYNTAX, "byteback: the server chose incremental recursion, "
                    + "which this client did not offer");
        }
        WireReader in = core.in();
        WireWriter out = core.out();
        ClientMessages messages = core.messages();
        ClientMessageHandler clientMessages = core.peerMessages();
        TransferStats stats = core.stats();
        core.startMultiplex();
        List<byte[]> rules;
        if (client) {
            FilterRules.write(out, clientRules); // rsync: exclude.c send_filter_list, always sent by a client receiver
            out.flush();
            rules = List.of();
        } else {
            rules = options.readsFilterList(protocol.version()) ? FilterRules.read(in) : List.of();
        }
        FileListSource.Result list = fileListSource.read(in, protocol, options, core.reservation());
        listed = list.files().size();
        clientMessages.addIoError(list.ioError());
        core.enableKeepAlives();
        List<ListedFile> files = list.files();
        if (files instanceof IncrementalLists lists) {
            incrementalLists = lists;
            lists.ioErrors(clientMessages::addIoError); // the io_error bits sent with each later list
        }

        AtomicReference<Throwable> receiverFailure = new AtomicReference<>();
        Store store = this.store = dest.open(listener); // closed by run() once the receiver has ended
        {
            final Receiver receiver;
            ReceiverEvents events = new ReceiverEvents();
            XattrValues xattrValues = new XattrValues(core.reservation());
            DeletionFilter filter = filterFactory.create(rules, options, store);
            DeletionFilter effective = clientMessages.ioError() != 0 && !options.ignoreErrors()
                    ? null : filter;
            Deletions deletions = new Deletions(files, store, stats, messages,
                    effective == null ? DeletionFilter.NONE : effective);
            Generator generator = new Generator(protocol, options, files, store, out, events, messages, stats,
                    core.clock(), deletions, xattrValues);
            if (effective == null && options.delete()) {
                messages.error("IO error encountered -- skipping file deletion");
                deletions.disable();
            }
            receiver = this.receiver = new Receiver(protocol, options, files, store, in, events, messages, stats,
                    core.clock(), f -> generator.metadata(f, null, true), xattrValues, core.reservation());
            if (client) {
                receiver.readSenderStats();
            }
            Thread receiverThread = new Thread(() -> {
                try {
                    receiver.run();
                } catch (Throwable t) {
                    receiverFailure.set(t);
                    events.failed(t);
                }
            }, "rsync-receiver");
            core.worker(receiverThread);
            this.receiverThread = receiverThread;
            receiverThread.start();
            try {
                generator.run();
            } catch (ReceiverEvents.ReceiverFailedException e) {
                throw receiverFailure.get() != null ? receiverFailure.get() : e.getCause();
            }
            receiverThread.join();
            core.worker(null);
            if (receiverFailure.get() != null) {
                throw receiverFailure.get();
            }
        }
        return core.finish();
    }
}
