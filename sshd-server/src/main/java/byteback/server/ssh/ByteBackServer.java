package byteback.server.ssh;

import byteback.btrfs.Btrfs;
import byteback.rsync.memory.MemoryBudget;
import byteback.server.AllHooks;
import byteback.server.BackupHooks;
import byteback.server.auth.AuthorizedKeysEditor;
import byteback.server.auth.AuthorizedKeysFile;
import byteback.server.invite.Invites;
import byteback.server.metrics.BackupMetrics;
import byteback.server.jvm.Footprint;
import byteback.server.jvm.IdleMemory;
import byteback.server.sftp.BrowseSubsystemFactory;
import byteback.server.snapshot.SnapshotPolicy;
import byteback.server.snapshot.Snapshotter;
import byteback.server.status.AttemptRecorder;
import byteback.server.status.AttemptRecords;
import byteback.server.store.Ownership;
import byteback.server.store.PrivateDirectories;
import byteback.server.store.Store;
import java.io.Closeable;
import java.io.IOException;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.session.ServerSession;
import org.apache.sshd.server.auth.keyboard.DefaultKeyboardInteractiveAuthenticator;
import org.apache.sshd.server.forward.RejectAllForwardingFilter;
import org.apache.sshd.server.session.ServerUserAuthServiceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The SSH server: Apache MINA SSHD set up to receive backups and nothing else. */
public final class ByteBackServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(ByteBackServer.class);

    /**
     * Share of the heap (-Xmx) that connections together may hold for their clients' file lists;
     * the rest is for what every connection holds anyway (SSH window and buffers, transfer buffers).
     */
    public static final int DEFAULT_MEMORY_PERCENT = 50;

    /** How long the server stays without connections before it gives memory back (IdleMemory). */
    static final long IDLE_TRIM_MILLIS = 10_000;
    static final long WORKER_KEEP_ALIVE_SECONDS = 5;

    /**
     * How the server is run.
     *
     * @param memory the memory budget all connections share for their file lists (null: {@link
     *               #DEFAULT_MEMORY_PERCENT} of the heap)
     * @param limits connections, unauthenticated ones, channels per connection, login grace time
     *               (null: {@link ConnectionLimits#DEFAULTS})
     */
    public record Settings(Store store, String listen, int port, Duration snapshotInterval, Duration idleTimeout,
            List<String> ciphers, BackupHooks hooks, Clock clock, MemoryBudget memory, ConnectionLimits limits) {
        public Settings {
            if (ciphers == null || ciphers.isEmpty()) ciphers = Tuning.DEFAULT_CIPHERS;
            if (hooks == null) hooks = BackupHooks.NONE;
            if (clock == null) clock = Clock.systemDefaultZone();
            if (memory == null) memory = MemoryBudget.ofHeapPercent(DEFAULT_MEMORY_PERCENT);
            if (limits == null) limits = ConnectionLimits.DEFAULTS;
        }

        /** With the default connection limits. */
        public Settings(Store store, String listen, int port, Duration snapshotInterval, Duration idleTimeout,
                List<String> ciphers, BackupHooks hooks, Clock clock, MemoryBudget memory) {
            this(store, listen, port, snapshotInterval, idleTimeout, ciphers, hooks, clock, memory, null);
        }

        /** With the default memory budget. */
        public Settings(Store store, String listen, int port, Duration snapshotInterval, Duration idleTimeout,
                List<String> ciphers, BackupHooks hooks, Clock clock) {
            this(store, listen, port, snapshotInterval, idleTimeout, ciphers, hooks, clock, null);
        }

        /** Defaults for everything but the store and the port. */
        public static Settings of(Store store, int port) {
            return new Settings(store, null, port, Duration.ofHours(6), Duration.ofMinutes(30), null, null, null);
        }

        public Settings withHooks(BackupHooks h) {
            return new Settings(store, listen, port, snapshotInterval, idleTimeout, ciphers, h, clock, memory, limits);
        }

        public Settings withClock(Clock c) {
            return new Settings(store, listen, port, snapshotInterval, idleTimeout, ciphers, hooks, c, memory, limits);
        }

        public Settings withIdleTimeout(Duration d) {
            return new Settings(store, listen, port, snapshotInterval, d, ciphers, hooks, clock, memory, limits);
        }

        public Settings withMemory(MemoryBudget m) {
            return new Settings(store, listen, port, snapshotInterval, idleTimeout, ciphers, hooks, clock, m, limits);
        }

        public Settings withLimits(ConnectionLimits l) {
            return new Settings(store, listen, port, snapshotInterval, idleTimeout, ciphers, hooks, clock, memory, l);
        }
    }

    private final SshServer sshd;
    private final ExecutorService workers;
    private final List<KeyPair> hostKeys;
    private final IdleMemory idle;

    private ByteBackServer(SshServer sshd, ExecutorService workers, List<KeyPair> hostKeys, IdleMemory idle) {
        this.idle = idle;
        this.sshd = sshd;
        this.workers = workers;
        this.hostKeys = hostKeys;
    }

    public static ByteBackServer start(Settings s) throws IOException {
        Store store = s.store();
        Ownership ownership = Ownership.of(store.root());
        List<KeyPair> keys = HostKeys.loadOrCreate(store.stateDir(), ownership);
        for (String problem : PrivateDirectories.secureAll(store, ownership)) {
            LOG.warn("cannot make private (mode 0700, ROOT's owner): {}", problem);
        }
        Btrfs btrfs = new Btrfs();
        // idle workers end after a few seconds, so the idle collection frees their native I/O buffers
        ExecutorService workers = new ThreadPoolExecutor(0, Integer.MAX_VALUE, WORKER_KEEP_ALIVE_SECONDS, TimeUnit.SECONDS,
                new SynchronousQueue<>(), daemonThreads());
        Invites invites = new Invites(store.stateDir().resolve("invites"), s.clock(), ownership);
        // every attempt is recorded for status and the metrics, whatever else watches backups
        BackupHooks hooks = AllHooks.of(s.hooks(), new AttemptRecorder(new AttemptRecords(store, ownership), s.clock()),
                new BackupMetrics());
        ServerContext ctx = new ServerContext(store, btrfs,
                new Snapshotter(store, btrfs, new SnapshotPolicy(s.snapshotInterval()), s.clock(), hooks),
                new ClientLocks(store, ownership), hooks, invites, new AuthorizedKeysEditor(store.authorizedKeys(), ownership), workers,
                s.memory(), s.limits().maxSessionTime());

        SshServer sshd = SshServer.setUpDefaultServer();
        if (s.listen() != null) sshd.setHost(s.listen());
        sshd.setPort(s.port());
        sshd.setKeyPairProvider(KeyPairProvider.wrap(keys));
        sshd.setPublickeyAuthenticator(new ClientAuthenticator(new AuthorizedKeysFile(store.authorizedKeys())));
        sshd.setPasswordAuthenticator(new InviteAuthenticator(invites));
        sshd.setKeyboardInteractiveAuthenticator(DefaultKeyboardInteractiveAuthenticator.INSTANCE);
        sshd.setGSSAuthenticator(null);
        sshd.setHostBasedAuthenticator(null);
        sshd.setChannelFactories(List.of(RestrictedChannelSession.FACTORY));
        sshd.setForwardingFilter(RejectAllForwardingFilter.INSTANCE);
        sshd.setAgentFactory(null);
        sshd.setSubsystemFactories(List.of(new BrowseSubsystemFactory(new BrowseSubsystemFactory.Clients() {
            @Override
            public String clientOf(ChannelSession channel) {
                ServerSession session = channel.getServerSession();
                return session.getAttribute(Sessions.INVITE) == null ? session.getAttribute(Sessions.CLIENT) : null;
            }

            @Override
            public java.nio.file.Path directoryOf(String client) {
                return store.clientDir(client);
            }
        })));
        sshd.setShellFactory(channel -> new RefusedCommand("no shell on this server: it only receives backups"
                + " (rsync --server, byteback-receive)"));
        sshd.setCommandFactory((channel, command) -> new ExecCommand(ctx, command));
        ConnectionLimiter limiter = new ConnectionLimiter(s.limits());
        sshd.addSessionListener(limiter);
        sshd.addSessionListener(new ConnectionLog());
        IdleMemory idle = new IdleMemory(IDLE_TRIM_MILLIS, ChannelInput::releasePooledChunks);
        sshd.addSessionListener(idle);
        sshd.setServiceFactories(List.of(ServerUserAuthServiceFactory.INSTANCE,
                SessionLimitService.factory(s.limits().maxSessions())));
        Tuning.apply(sshd, s.idleTimeout(), s.ciphers(), s.limits().loginGrace());
        sshd.start();
        ByteBackServer server = new ByteBackServer(sshd, workers, keys, idle);
        ConnectionLimits l = s.limits();
        LOG.info("byteback server listening on {}:{} root={} (host keys {}); {}; file-list memory budget {} MiB"
                + " for all connections; max-startups {}:{}:{}, {} per address, max-connections {}, max-sessions {},"
                + " login grace {}s, max-session-time {}", s.listen() == null ? "*" : s.listen(), server.port(), store.root(),
                keys.stream().map(HostKeys::fingerprint).toList(), Footprint.describe(),
                s.memory().capacity() >> 20, l.startupsStart(), l.startupsRate(), l.startupsFull(), l.perAddress(),
                l.maxConnections(), l.maxSessions(), l.loginGrace().toSeconds(),
                l.maxSessionTime().isZero() ? "none" : byteback.server.snapshot.Durations.words(l.maxSessionTime()));
        return server;
    }

    public int port() {
        return sshd.getPort();
    }

    public List<KeyPair> hostKeys() {
        return hostKeys;
    }

    @Override
    public void close() throws IOException {
        try {
            sshd.stop(true);
        } finally {
            workers.shutdownNow();
            idle.close();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "byteback-exec-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
