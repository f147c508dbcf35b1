package byteback.rsync.generator;

import byteback.rsync.checksum.BlockChecksum;
import byteback.rsync.checksum.StrongChecksum;
import byteback.rsync.options.DeleteMode;
import byteback.rsync.options.ServerOptions;
import byteback.rsync.session.ClientMessages;
import byteback.rsync.session.ListedFile;
import byteback.rsync.session.Protocol;
import byteback.rsync.session.ReceiverEvents;
import byteback.rsync.session.TransferStats;
import byteback.rsync.session.XattrValues;
import byteback.rsync.store.BasisFile;
import byteback.rsync.store.FileMetadata;
import byteback.rsync.store.FileMode;
import byteback.rsync.store.RsyncAcl;
import byteback.rsync.store.Store;
import byteback.rsync.store.StoredEntry;
import byteback.rsync.store.StorePath;
import byteback.rsync.store.Xattr;
import byteback.rsync.wire.IoClock;
import byteback.rsync.wire.NdxReader;
import byteback.rsync.wire.NdxWriter;
import byteback.rsync.wire.WireWriter;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The generator thread of a receive (rsync: generator.c generate_files and recv_generator): walks
 * the file list, makes directories, symlinks and devices through the store, decides which
 * regular files need data, asks the client for them with the basis file's block checksums,
 * deletes what the client no longer has, and drives the phases at the end.
 */
public final class Generator {
    private final Protocol protocol;
    private final ServerOptions options;
    private final List<ListedFile> files;
    private final Store store;
    private final WireWriter out;
    private final NdxWriter ndxOut;
    private final ReceiverEvents events;
    private final ClientMessages messages;
    private final TransferStats stats;
    private final IoClock clock;
    private final Deletions deletions;
    private final DeleteMode deleteMode;
    private final BasisSums sums;
    private final XattrValues xattrValues;
    private final List<int[]> hardLinks = new ArrayList<>();
    private int receiverPhasesDone;

    public Generator(Protocol protocol, ServerOptions options, List<ListedFile> files, Store store, WireWriter out,
            ReceiverEvents events, ClientMessages messages, TransferStats stats, IoClock clock, Deletions deletions,
            XattrValues xattrValues) {
        this.xattrValues = xattrValues;
        this.protocol = protocol;
        this.options = options;
        this.files = files;
        this.store = store;
        this.out = out;
        this.ndxOut = new NdxWriter(out, protocol.version());
        this.events = events;
        this.messages = messages;
        this.stats = stats;
        this.clock = clock;
        this.deletions = deletions;
        this.deleteMode = options.deleteMode(protocol.version());
        this.sums = new BasisSums(new BlockChecksum(protocol.checksum(), protocol.seed(), protocol.version(),
                protocol.properSeedOrder()));
    }

    /** rsync: generator.c generate_files, then main.c do_recv's final goodbye. */
    public void run() throws IOException {
        if (deleteMode == DeleteMode.BEFORE) {
            deletions.deleteAll();
        }
        for (ListedFile f : files) {
            if (f == null) {
                continue;
            }
            if (f.isDirectory() && (deleteMode == DeleteMode.DURING || deleteMode == DeleteMode.DELAY)) {
                if (!generate(f, BlockSizing.SHORT_SUM_LENGTH)) { // a directory just made is empty
                    deletions.deleteIn(f, deleteMode == DeleteMode.DELAY);
                }
            } else {
                generate(f, BlockSizing.SHORT_SUM_LENGTH);
            }
            clock.work();
        }
        ndxOut.write(NdxReader.NDX_DONE);
        out.flush();

        // phase 1: redo files whose whole-file checksum did not match
        waitForReceiver(1, true);

        ndxOut.write(NdxReader.NDX_DONE);
        ndxOut.write(NdxReader.NDX_DONE); // no --delay-updates: its phase is empty
        boolean earlyDeleteDone = deleteMode != DeleteMode.DELAY && deleteMode != DeleteMode.AFTER;
        if (protocol.version() >= 31 && earlyDeleteDone) {
            if (deleteMode != DeleteMode.NONE) {
                writeDeleteStats();
            }
            ndxOut.write(NdxReader.NDX_DONE);
        }
        out.flush();
        waitForReceiver(3, false);

        linkHardLinks();
        if (deleteMode == DeleteMode.DELAY) {
            deletions.deleteDelayed();
        } else if (deleteMode == DeleteMode.AFTER) {
            deletions.deleteAll();
        }
        if (protocol.version() >= 31) {
            if (!earlyDeleteDone) {
                writeDeleteStats();
                ndxOut.write(NdxReader.NDX_DONE);
                out.flush();
            }
            waitForReceiver(4, false);
        }
        touchUpDirectories();
        ndxOut.write(NdxReader.NDX_DONE); // the final goodbye
        out.flush();
    }

    private void waitForReceiver(int phases, boolean redo) throws IOException {
        while (receiverPhasesDone < phases) {
            ReceiverEvents.Event e = events.take();
            switch (e.kind()) {
                case PHASE_DONE -> receiverPhasesDone++;
                case REDO -> {
                    if (!redo) {
                        throw new IllegalStateException("redo request after phase 1");
                    }
                    ListedFile f = files.get(e.ndx());
                    generate(f, BlockSizing.SUM_LENGTH);
                    out.flush();
                }
                default -> { }
            }
            clock.work();
        }
    }

    /** rsync: main.c write_del_stats. */
    private void writeDeleteStats() throws IOException {
        ndxOut.write(NdxReader.NDX_DEL_STATS);
        out.writeVarint(stats.deletedFiles.get());
        out.writeVarint(stats.deletedDirs.get());
        out.writeVarint(stats.deletedSymlinks.get());
        out.writeVarint(stats.deletedDevices.get());
        out.writeVarint(stats.deletedSpecials.get());
    }

    /**
     * rsync: generator.c recv_generator, for one entry.
     *
     * @return whether it made a new directory
     */
    private boolean generate(ListedFile f, int csumLength) throws IOException {
        try {
            if (f.hardLinkLeader() >= 0 && options.hardLinks()) {
                hardLinks.add(new int[] {f.ndx(), f.hardLinkLeader()});
                return false;
            }
            if (f.isDirectory()) {
                StoredEntry st = store.lookup(f.path(), wantsXattrs(f));
                if (st != null && st.isDirectory()) {
                    updateAttributes(f, st, false);
                } else {
                    boolean created = store.makeDirectory(f.path(), metadata(f, null, false));
                    requestMissingXattrs(f, List.of(), ItemFlags.IS_NEW);
                    return created;
                }
            } else if (f.isSymlink()) {
                if (!options.links()) {
                    return false;
                }
                StoredEntry st = store.lookup(f.path(), wantsXattrs(f));
                if (st != null && st.type() == FileMode.S_IFLNK && Arrays.equals(st.symlinkTarget(), f.linkTarget())) {
                    updateAttributes(f, st, true);
                } else if (mayReplace(f, st)) {
                    store.makeSymlink(f.path(), f.linkTarget(), metadata(f, null, true));
                    requestMissingXattrs(f, List.of(), ItemFlags.IS_NEW);
                }
            } else if (f.isSpecialOrDevice()) {
                boolean device = FileMode.isDevice(f.mode());
                if (device ? !options.devices() : !options.specials()) {
                    return false;
                }
                StoredEntry st = store.lookup(f.path(), wantsXattrs(f));
                if (st != null && st.diskType() == StoredEntry.DiskType.REGULAR && st.type() == f.type()
                        && (!device || st.rdevMajor() == f.rdevMajor() && st.rdevMinor() == f.rdevMinor())) {
                    updateAttributes(f, st, true);
                } else if (mayReplace(f, st)) {
                    store.makeSpecial(f.path(), metadata(f, null, true));
                    requestMissingXattrs(f, List.of(), ItemFlags.IS_NEW);
                }
            } else if (f.isRegular()) {
                generateRegular(f, csumLength);
            }
        } catch (byteback.rsync.wire.ProtocolException e) {
            throw e;
        } catch (IOException e) {
            messages.fileError("rsync: [generator] " + f.displayName() + ": " + e.getMessage());
        }
        return false;
    }

    private void generateRegular(ListedFile f, int csumLength) throws IOException {
        StoredEntry st = store.lookup(f.path(), wantsXattrs(f));
        boolean isFile = st != null && st.diskType() == StoredEntry.DiskType.REGULAR && FileMode.isRegular(st.mode());
        if (isFile && csumLength == BlockSizing.SHORT_SUM_LENGTH && unchanged(f, st)) {
            updateAttributes(f, st, true);
            return;
        }
        if (!mayReplace(f, st)) {
            return;
        }
        int iflags = ItemFlags.TRANSFER;
        if (st == null) {
            iflags |= ItemFlags.IS_NEW;
        } else if (isFile) {
            if (st.size() != f.size()) {
                iflags |= ItemFlags.REPORT_SIZE;
            }
            if (options.times() && !sameTime(f, st.mtime())) {
                iflags |= ItemFlags.REPORT_TIME;
            }
        }
        List<Integer> ask = null;
        if (options.xattrs() && f.xattrs() != null) {
            List<Xattr> local = isFile ? storedXattrs(f, st) : List.of();
            ask = xattrValues.resolve(f, local);
            if (!ask.isEmpty() || !local.equals(xattrValues.complete(f))) {
                iflags |= ItemFlags.REPORT_XATTR;
            }
        }
        ndxOut.write(f.ndx());
        out.writeShort(iflags);
        if ((iflags & ItemFlags.REPORT_XATTR) != 0) {
            writeXattrRequest(ask);
        }
        BasisFile basis = isFile && !wholeFile() ? store.openBasis(f.path()) : null;
        if (basis == null) {
            SumHead.NONE.write(out);
            return;
        }
        try (basis) {
            SumHead head = BlockSizing.forLength(basis.size(), options.blockSize(), csumLength,
                    protocol.checksum().digestLength());
            sums.send(basis, head, out, clock::work);
        }
    }

    private boolean wantsXattrs(ListedFile f) {
        return options.xattrs() && f.xattrs() != null;
    }

    /** The stored entry's client xattrs: as its lookup read them, else read now. */
    private List<Xattr> storedXattrs(ListedFile f, StoredEntry st) throws IOException {
        return st.xattrs() != null ? st.xattrs() : store.readXattrs(f.path());
    }

    private boolean wholeFile() {
        return options.wholeFile().orElse(false);
    }

    /** rsync: generator.c quick_check_ok for a regular file. */
    private boolean unchanged(ListedFile f, StoredEntry st) throws IOException {
        if (st.size() != f.size()) {
            return false;
        }
        if (options.checksum()) {
            return f.checksum() != null && Arrays.equals(f.checksum(), fileChecksum(f));
        }
        if (options.sizeOnly()) {
            return true;
        }
        if (options.ignoreTimes()) {
            return false;
        }
        return sameTime(f, st.mtime());
    }

    private byte[] fileChecksum(ListedFile f) throws IOException {
        StrongChecksum sum = StrongChecksum.preTransferChecksum(protocol.fileChecksum(), protocol.version());
        try (BasisFile b = store.openBasis(f.path())) {
            if (b == null) {
                return null;
            }
            byte[] buf = new byte[1 << 20];
            long off = 0;
            long size = b.size();
            while (off < size) {
                int n = (int) Math.min(buf.length, size - off);
                b.readFully(off, buf, 0, n);
                sum.update(buf, 0, n);
                off += n;
                clock.work();
            }
        }
        return sum.digest();
    }

    /** rsync: util1.c same_time — whole seconds unless --modify-window is negative. */
    private boolean sameTime(ListedFile f, Instant t) {
        int window = options.modifyWindow();
        if (window == 0) {
            return t.getEpochSecond() == f.mtimeSeconds();
        }
        if (window < 0) {
            return t.getEpochSecond() == f.mtimeSeconds() && t.getNano() == f.mtimeNanos();
        }
        return Math.abs(t.getEpochSecond() - f.mtimeSeconds()) <= window;
    }

    /**
     * rsync: delete.c delete_item as recv_generator calls it to make way for a non-directory: a
     * non-empty directory is only removed with --delete or --force.
     */
    private boolean mayReplace(ListedFile f, StoredEntry st) throws IOException {
        if (st == null || !st.isDirectory() || options.delete() || options.force()
                || store.list(f.path()).isEmpty()) {
            return true;
        }
        String what = f.isRegular() ? "regular file" : f.isSymlink() ? "symlink" : "special file";
        messages.fileError("cannot delete non-empty directory: " + f.displayName());
        messages.fileError("could not make way for new " + what + ": " + f.displayName());
        return false;
    }

    /** Sets the attributes of an entry whose content is already right, when they differ. */
    private void updateAttributes(ListedFile f, StoredEntry st, boolean withTime) throws IOException {
        List<Xattr> local = null;
        if (wantsXattrs(f)) {
            local = storedXattrs(f, st);
            if (requestMissingXattrs(f, local, 0)) {
                return; // the receiver applies the attributes once the values came
            }
        }
        FileMetadata meta = metadata(f, st, withTime);
        if (meta.mtime() != null && sameTime(f, st.mtime())) {
            meta = meta.withMtime(null); // rsync: rsync.c set_file_attrs leaves a time that is the same
        }
        boolean same = st.mode() == meta.mode() && st.uid() == meta.uid() && st.gid() == meta.gid()
                && meta.mtime() == null;
        if (meta.xattrs() != null) {
            List<Xattr> stored = local != null ? local : store.readXattrs(f.path());
            if (stored.equals(sorted(meta.xattrs()))) {
                meta = meta.withXattrs(null); // rsync touches xattrs only when they differ (xattr_diff)
            } else {
                same = false;
            }
        }
        if (same && meta.accessAcl() != null && !f.isSymlink()) {
            RsyncAcl a = store.readAcl(f.path(), false);
            same = a != null && a.equalEnough(meta.accessAcl(), meta.mode()) || a == null && isEmptyAcl(meta.accessAcl());
        }
        if (same && meta.defaultAcl() != null && f.isDirectory()) {
            same = false;
        }
        if (!same) {
            store.setAttributes(f.path(), meta);
        }
    }

    private static boolean isEmptyAcl(RsyncAcl a) {
        return a.names().isEmpty() && a.maskObj() == RsyncAcl.NO_ENTRY;
    }

    private static List<Xattr> sorted(List<Xattr> x) {
        List<Xattr> s = new ArrayList<>(x);
        s.sort((a, b) -> Arrays.compareUnsigned(a.name(), b.name()));
        return s;
    }

    /** The attributes to store for {@code f} (rsync: rsync.c set_file_attrs). */
    public FileMetadata metadata(ListedFile f, StoredEntry existing, boolean withTime) {
        int mode = f.mode();
        if (!options.perms()) {
            int perms = existing != null ? existing.mode() & FileMode.CHMOD_BITS : f.mode() & 0755;
            mode = FileMode.type(f.mode()) | perms;
        }
        int uid = options.owner() ? f.uid() : existing != null ? existing.uid() : 0;
        int gid = options.group() ? f.gid() : existing != null ? existing.gid() : 0;
        Instant mtime = withTime && options.times() && !(f.isDirectory() && options.omitDirTimes())
                ? Instant.ofEpochSecond(f.mtimeSeconds(), f.mtimeNanos()) : null;
        return new FileMetadata(mode, uid, gid, f.rdevMajor(), f.rdevMinor(), mtime,
                options.xattrs() ? xattrValues.complete(f) : null,
                options.acls() ? f.accessAcl() : null,
                options.acls() && f.isDirectory() ? f.defaultAcl() : null);
    }

    private List<Xattr> localXattrs(ListedFile f) throws IOException {
        return store.readXattrs(f.path());
    }

    /**
     * rsync: generator.c itemize + xattrs.c send_xattr_request — when abbreviated xattr values of
     * {@code f} are still unknown, asks the client for them with the item flags; the receiver
     * stores the answer and applies {@code f}'s attributes. Returns whether it asked.
     */
    private boolean requestMissingXattrs(ListedFile f, List<Xattr> local, int iflags) throws IOException {
        if (!options.xattrs() || f.abbreviatedXattrs().isEmpty()) {
            return false;
        }
        List<Integer> ask = xattrValues.resolve(f, local);
        boolean missing = false;
        for (var a : f.abbreviatedXattrs()) {
            missing |= xattrValues.get(f.xattrSet(), a.wireNumber()) == null;
        }
        if (!missing) {
            return false;
        }
        ndxOut.write(f.ndx());
        out.writeShort(iflags | ItemFlags.REPORT_XATTR);
        writeXattrRequest(ask);
        return true;
    }

    private void writeXattrRequest(List<Integer> ask) throws IOException {
        int prior = 0;
        for (int num : ask) {
            out.writeVarint(num - prior);
            prior = num;
        }
        out.writeByte(0);
    }

    /** rsync: hlink.c finish_hard_link — followers become links to their group's first entry. */
    private void linkHardLinks() {
        for (int[] link : hardLinks) {
            ListedFile f = files.get(link[0]);
            ListedFile leader = files.get(link[1]);
            try {
                store.makeHardLink(f.path(), leader.path());
            } catch (IOException e) {
                messages.fileError("rsync: link " + f.displayName() + " => " + leader.displayName() + " failed: "
                        + e.getMessage());
            }
            clock.work();
        }
    }

    /** rsync: generator.c touch_up_dirs — directory times after their contents changed. */
    private void touchUpDirectories() {
        for (int i = files.size() - 1; i >= 0; i--) {
            ListedFile f = files.get(i);
            if (f == null || !f.isDirectory()) {
                continue;
            }
            try {
                StoredEntry st = store.lookup(f.path());
                if (st == null || !st.isDirectory()) {
                    continue;
                }
                FileMetadata meta = metadata(f, st, true);
                if (meta.mtime() != null && !sameTime(f, st.mtime())) {
                    store.setAttributes(f.path(), new FileMetadata(meta.mode(), meta.uid(), meta.gid(), 0, 0,
                            meta.mtime(), null, null, null));
                }
            } catch (IOException e) {
                messages.fileError("rsync: failed to set times on " + f.displayName() + ": " + e.getMessage());
            }
            clock.work();
        }
    }

    /** The list entry for a file index from the receiver. */
    public StorePath pathOf(int ndx) {
        return files.get(ndx).path();
    }
}
