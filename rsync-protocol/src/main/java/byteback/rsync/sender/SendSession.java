package byteback.rsync.sender;

import byteback.rsync.checksum.StrongChecksum;
import byteback.rsync.compress.TokenWriter;
import byteback.rsync.filter.FilterException;
import byteback.rsync.filter.FilterList;
import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.options.Role;
import byteback.rsync.options.ServerOptions;
import byteback.rsync.protocol.CompatFlags;
import byteback.rsync.protocol.ExitCode;
import byteback.rsync.protocol.FileMode;
import byteback.rsync.protocol.NdxWriter;
import byteback.rsync.protocol.Protocol;
import byteback.rsync.protocol.SessionException;
import byteback.rsync.session.FilterRules;
import byteback.rsync.session.ProtocolSetup;
import byteback.rsync.session.SessionCore;
import byteback.rsync.store.BasisFile;
import byteback.rsync.wire.WireWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * One sending server session (rsync: main.c start_server → do_server_sender): protocol setup,
 * the client's filter rules, the file list (sent while the tree is walked, then sorted as the
 * client sorts it), the files the client asks for, the statistics and the goodbye. With
 * incremental recursion (the client offered it and the server took it: recursive, not
 * --no-inc-recursive) the list goes as one list per directory while the files are sent
 * ({@link IncrementalFileLists}), and only the lists in flight are held; else one complete list.
 * The client's own sender (a backup from the jar) is the same role: it offers incremental
 * recursion in its -e capabilities and uses it when the receiving server takes it.
 */
public final class SendSession {
    /** The most entries one list may hold (about 100 bytes of heap each here). */
    static final long MAX_FILES = 20_000_000;
    /** Heap one list entry takes besides its names (SenderFile, SourceEntry, StorePath, list slots). */
    static final long ENTRY_BYTES = 320;
    /** The most memory one file's block sums may take (a 16 TiB basis at 128 KiB blocks: 2 GiB). */
    static final long MAX_SUM_BYTES = 512L << 20;

    private final ServerOptions options;
    private final SourceTree tree;
    private final SessionCore core;
    /** For the client's sender (a backup): the rules to send the server, else null (a server reads them). */
    private List<String> clientRules;
    /** For the client's sender: the rules its own walk obeys. */
    private FilterList localFilters;
    /** The source paths as bytes when the caller has them so (names need not be UTF-8), else null: options.sources(). */
    private List<byte[]> sourcePaths;
    private long files;
    private int filesSent;
    private long literal;
    private boolean incremental;

    public SendSession(ServerOptions options, InputStream in, OutputStream out, OutputStream err, SourceTree tree,
            MemoryBudget memory) {
        this(options, in, out, err, tree, memory, false);
    }

    private SendSession(ServerOptions options, InputStream in, OutputStream out, OutputStream err, SourceTree tree,
            MemoryBudget memory, boolean client) {
        this.options = options;
        this.tree = tree;
        this.core = new SessionCore(SessionCore.Side.SENDER, client, in, out, err, options.timeoutSeconds(), memory);
    }

    /**
     * The client's sender (rsync: main.c client_run with am_sender): the client half of the setup,
     * the filter rules sent to the receiving server ({@code rulesForServer}) while the walk obeys
     * {@code localFilters}, no statistics at the end (the server receiver reads none).
     */
    public static SendSession forClient(ServerOptions options, InputStream in, OutputStream out, OutputStream err,
            SourceTree tree, List<String> rulesForServer, FilterList localFilters, MemoryBudget memory) {
        SendSession s = new SendSession(options, in, out, err, tree, memory, true);
        s.clientRules = List.copyOf(rulesForServer);
        s.localFilters = localFilters;
        return s;
    }

    /**
     * Sends these paths instead of the sources in the options: a caller that found them in the
     * store (byteback-restore by pattern) has their names as bytes, which need not be UTF-8.
     */
    public SendSession withSources(List<byte[]> paths) {
        this.sourcePaths = List.copyOf(paths);
        return this;
    }

    /** Runs the session to its end. */
    public SendResult run() {
        int code = core.run(c -> send());
        return new SendResult(code, (int) Math.min(Integer.MAX_VALUE, files), filesSent, core.out().totalWritten(),
                literal, incremental);
    }

    private int send() throws Throwable {
        boolean client = clientRules != null;
        Protocol protocol = client
                ? core.setup((in, out) -> byteback.rsync.session.ClientProtocolSetup.negotiate(in, out, options.compress()))
                : core.setup((in, out) -> ProtocolSetup.negotiateAsServer(in, out, options));
        // the server takes incremental recursion when we offered it ('i' in -e) and its options allow it
        incremental = protocol.has(CompatFlags.INC_RECURSE);
        if (incremental && client && !options.capabilities().incRecurse()) {
            // rsync: compat.c setup_protocol, "Incompatible options specified for inc-recursive connection"
            throw new SessionException(ExitCode.SYNTAX, "byteback: the server chose incremental recursion, "
                    + "which this client did not offer");
        }
        core.startMultiplex();
        WireWriter out = core.out();
        core.in().beforeBlocking(out::flush);
        FilterList filters;
        if (client) {
            FilterRules.write(out, clientRules);
            filters = localFilters;
        } else {
            List<byte[]> rules = FilterRules.read(core.in());
            try {
                filters = FilterList.parseWire(rules, Role.SENDER, false);
            } catch (FilterException e) {
                throw new SessionException(ExitCode.SYNTAX, "rsync: " + e.getMessage());
            }
        }
        if (filters.hasPerDirMerge()) {
            core.messages().warning("byteback: per-directory merge rules (dir-merge, -F) are ignored: the server "
                    + "never reads filter files from the backup for a client; give the rules on the command line");
        }
        long start = System.currentTimeMillis();
        boolean id0Names = protocol.has(CompatFlags.ID0_NAMES);
        IdNameList users = options.numericIds() ? null : IdNameList.users();
        IdNameList groups = options.numericIds() ? null : IdNameList.groups();
        int checksumLength = options.checksum() ? protocol.fileChecksum().digestLength() : 0;
        FileListWriter.Preserve preserve = new FileListWriter.Preserve(options.owner(), options.group(),
                options.devices(), options.specials(), options.links(), options.hardLinks(), options.numericIds(),
                checksumLength);
        FileListWriter writer = new FileListWriter(out, protocol.version(),
                protocol.has(CompatFlags.VARINT_FLIST_FLAGS), preserve, users, groups, incremental);
        AclSender acls = options.acls() ? new AclSender(users, groups, incremental) : null;
        XattrSender xattrs = options.xattrs() ? new XattrSender() : null;
        long[] charged = new long[1];
        FileListBuilder builder = new FileListBuilder(tree, filters, core.messages(), options.recursive(),
                options.dirs(), options.relative(), options.links(), MAX_FILES, (f, ndx, firstNdx) -> {
                    // what the entry holds is charged to the server's shared budget (exit 22 when short)
                    long bytes = ENTRY_BYTES + 2L * f.wireName.length + (f.linkTarget == null ? 0 : f.linkTarget.length);
                    core.reservation().reserve(bytes);
                    charged[0] += bytes;
                    if (checksumLength > 0 && f.isRegular()) {
                        f.checksum = fileChecksum(f, protocol);
                    }
                    writer.write(f, ndx, firstNdx);
                    if (acls != null && !FileMode.isSymlink(f.mode())) {
                        acls.send(out, f.mode(), tree.acl(f.source, false),
                                f.isDirectory() ? tree.acl(f.source, true) : null);
                    }
                    if (xattrs != null) {
                        f.xattrSet = xattrs.send(out, tree.xattrs(f.source), protocol.version());
                    }
                    core.clock().work();
                }, incremental, incremental ? 1 : 0);
        List<byte[]> sources = sourcePaths;
        if (sources == null) {
            sources = new ArrayList<>();
            for (String s : options.sources()) sources.add(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if (sources.isEmpty() && (options.recursive() || options.dirs())) {
            sources = List.of(new byte[] {'.'});
        }
        builder.sendArguments(sources);
        int ioError = builder.ioError();
        boolean safeList = protocol.has(CompatFlags.SAFE_FLIST);
        if (ioError == 0 || options.ignoreErrors()) {
            writer.writeEnd(0, false);
        } else if (safeList) {
            writer.writeEnd(ioError, true);
        } else {
            writer.writeEnd(0, false);
        }
        long built = System.currentTimeMillis();
        NdxWriter ndxOut = new NdxWriter(out, protocol.version());
        SentFiles sent;
        IncrementalFileLists lists = null;
        long totalSize = 0;
        boolean empty;
        if (incremental) {
            lists = new IncrementalFileLists(builder, writer, ndxOut, out, core.reservation(), () -> {
                long c = charged[0];
                charged[0] = 0;
                return c;
            }, protocol.version(), safeList, options.ignoreErrors());
            sent = lists;
            empty = builder.files().isEmpty();
        } else {
            List<SenderFile> sorted = new ArrayList<>(builder.files());
            sorted.sort(FileOrder.INSTANCE);
            files = sorted.size();
            empty = sorted.isEmpty();
            sent = SentFiles.of(sorted);
            // rsync: main.c handle_stats on the sending server
            for (SenderFile f : sorted) {
                if (f.isRegular() || FileMode.isSymlink(f.mode())) {
                    totalSize += f.entry.size();
                }
            }
        }
        if (users != null && !incremental) { // with incremental recursion names came with the entries
            // rsync: uidlist.c send_id_lists — only the lists the client will read
            if (options.owner() || options.acls()) {
                users.write(out, id0Names);
            }
            if (options.group() || options.acls()) {
                groups.write(out, id0Names);
            }
        }
        if (!safeList && ioError != 0 && !options.ignoreErrors()) {
            out.sendMessageInt(byteback.rsync.wire.MessageCode.IO_ERROR, ioError);
        }
        if (lists != null) {
            lists.firstListSent();
        }
        out.flush();
        long sentList = System.currentTimeMillis();
        core.enableKeepAlives();
        if (empty) {
            return core.finish(); // rsync: do_server_sender exits 0 after an empty list
        }
        TokenWriter tokens = protocol.compression().newWriter(
                protocol.compression().effectiveLevel(options.compressLevel()), protocol.version(), core.reservation());
        try {
            FileSender sender = new FileSender(protocol, tree, sent, core.in(), out, ndxOut, core.messages(),
                    core.clock(), core.reservation(), tokens, xattrs, options.xattrs(), options.inplace(), MAX_SUM_BYTES,
                    options.dryRun());
            if (lists != null) {
                IncrementalFileLists waiting = lists;
                core.in().beforeBlocking(() -> {
                    waiting.whileWaiting();
                    out.flush();
                });
            }
            sender.run();
            filesSent = sender.filesSent;
            literal = sender.literalBytes();
            if (lists != null) {
                files = lists.files();
                totalSize = lists.totalSize();
                ioError = builder.ioError();
            }
            if (!client) {
                out.writeVarlong(core.in().totalRead(), 3);
                out.writeVarlong(out.totalWritten(), 3);
                out.writeVarlong(totalSize, 3);
                out.writeVarlong(Math.max(1, built - start), 3);
                out.writeVarlong(sentList - built, 3);
            }
            out.flush();
            sender.readGoodbye();
            out.flush();
            if (ioError != 0 || sender.ioError != 0) {
                core.peerMessages().addIoError(ioError | sender.ioError);
            }
        } finally {
            tokens.close();
        }
        return core.finish();
    }

    /** rsync: checksum.c file_checksum — the --checksum sum of a regular file's content. */
    private byte[] fileChecksum(SenderFile f, Protocol protocol) throws IOException {
        StrongChecksum sum = StrongChecksum.preTransferChecksum(protocol.fileChecksum(), protocol.version());
        try (BasisFile data = tree.open(f.source)) {
            if (data == null) {
                return null;
            }
            byte[] buf = new byte[64 * 1024];
            ByteBuffer b = ByteBuffer.wrap(buf);
            long pos = 0;
            while (true) {
                b.clear();
                int n = data.read(pos, b);
                if (n <= 0) {
                    break;
                }
                sum.update(buf, 0, n);
                pos += n;
            }
        }
        return sum.digest();
    }
}
