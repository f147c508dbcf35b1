package byteback.rsync.receiver;

import byteback.rsync.protocol.ItemFlags;
import byteback.rsync.protocol.SumHead;

import byteback.rsync.checksum.BlockChecksum;
import byteback.rsync.checksum.StrongChecksum;
import byteback.rsync.options.DeleteMode;
import byteback.rsync.options.ServerOptions;
import byteback.rsync.session.ClientMessages;
import byteback.rsync.protocol.Protocol;
import byteback.rsync.session.TransferStats;
import byteback.rsync.store.BasisFile;
import byteback.rsync.store.FileMetadata;
import byteback.rsync.protocol.FileMode;
import byteback.rsync.store.RsyncAcl;
import byteback.rsync.store.Store;
import byteback.rsync.store.StoredEntry;
import byteback.rsync.store.StorePath;
import byteback.rsync.store.Xattr;
import byteback.rsync.wire.IoClock;
import byteback.rsync.protocol.NdxReader;
import byteback.rsync.protocol.NdxWriter;
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
    private final ItemChanges changes;
    /** Hard-linked entries to link at the end of phase 0: {entry, its group's first entry}. */
    private final List<int[]> hardLinks = new ArrayList<>();
    /** For each hard-link group (by its first entry): its last entry. */
    private final java.util.Map<Integer, Integer> groupLast = new java.util.HashMap<>();
    /** For each hard-link group (by its first entry): the entry the others are linked to. */
    private final java.util.Map<Integer, Integer> groupLeader = new java.util.HashMap<>();
    private final java.util.Set<Integer> redone = new java.util.HashSet<>();
    private int receiverPhasesDone;
    /** The lists with incremental recursion, else null. */
    private final IncrementalLists incremental;
    /** Lists generated whose NDX_DONE has not gone out yet, oldest first (rsync: first_flist on). */
    private final List<IncrementalLists.Segment> open = new ArrayList<>();
    /** Lists come but not generated yet (their hard links already matched). */
    private final java.util.ArrayDeque<IncrementalLists.Segment> pending = new java.util.ArrayDeque<>();
    /** -H with incremental recursion, else null. */
    private final IncrementalHardLinks incHardLinks;

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
        this.changes = new ItemChanges(options);
        this.incremental = files instanceof IncrementalLists l ? l : null;
        this.incHardLinks = incremental != null && options.hardLinks() ? new IncrementalHardLinks() : null;
        if (options.hardLinks() && incremental == null) {
            for (ListedFile f : files) {
                if (f != null && f.hardLinkLeader() >= 0) {
                    groupLast.merge(f.hardLinkLeader(), f.ndx(), Math::max);
                }
            }
        }
        this.sums = new BasisSums(new BlockChecksum(protocol.checksum(), protocol.seed(), protocol.version(),
                protocol.properSeedOrder()));
    }

    /** rsync: generator.c generate_files, then main.c do_recv's final goodbye. */
    public void run() throws IOException {
        if (options.verbosity() >= 2) { // rsync: DEBUG_GTE(FLIST, 1), which -vv turns on
            messages.info("delta-transmission " + (wholeFile()
                    ? "disabled for local transfer or --whole-file" : "enabled"));
        }
        if (deleteMode == DeleteMode.BEFORE) {
            deletions.deleteAll();
        }
        if (incremental != null) {
            generateIncremental(); // its last list's NDX_DONE ends phase 0
        } else {
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
        }
        out.flush();

        // phase 1: redo files whose whole-file checksum did not match
        waitForReceiver(1, true);

        // every file of phase 0 is in place: hard links to them are made now and reported while
        // the client still reads items (rsync: check_for_finished_files in the redo phase)
        linkHardLinks(false);
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

        linkHardLinks(true); // those whose first entry was received again
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
            handle(events.take(), redo);
        }
    }

    /** One event from the receiver thread (rsync: io.c wait_for_receiver, check_for_finished_files). */
    private void handle(ReceiverEvents.Event e, boolean redo) throws IOException {
        switch (e.kind()) {
            case PHASE_DONE -> receiverPhasesDone++;
            case REDO -> {
                if (!redo) {
                    throw new IllegalStateException("redo request after phase 1");
                }
                IncrementalLists.Segment s = incremental == null ? null : IncrementalLists.find(open, e.ndx());
                ListedFile f = incremental == null ? files.get(e.ndx()) : s == null ? null : s.get(e.ndx());
                if (f == null) {
                    throw new IllegalStateException("redo request for a finished list: " + e.ndx());
                }
                if (s != null) {
                    s.inProgress--; // the new request counts it again
                }
                redone.add(e.ndx());
                generate(f, BlockSizing.SUM_LENGTH);
                out.flush();
            }
            case SUCCESS -> {
                IncrementalLists.Segment s = IncrementalLists.find(open, e.ndx());
                if (s != null) {
                    s.inProgress--;
                    if (incHardLinks != null) {
                        ListedFile f = s.get(e.ndx());
                        IncrementalHardLinks.Link l = f == null ? null : incHardLinks.of(f);
                        if (l != null) {
                            incHardLinks.finish(l, this::linkTo); // rsync: check_for_finished_files
                        }
                    }
                }
            }
            case FLIST -> takeArrivedLists();
            default -> { }
        }
        clock.work();
    }

    /**
     * rsync: generator.c generate_files with inc_recurse — each list as it comes: its directory
     * in full (made, itemized, its attributes set) and the deletions in it, then its entries; a
     * subdirectory waits for its own list. A list is done (NDX_DONE to the client, which frees it
     * on both sides) once the lists before it are and its transfers have all ended
     * (check_for_finished_files); the current list stays open until the next one has come.
     */
    private void generateIncremental() throws IOException {
        IncrementalLists.Segment seg;
        while ((seg = nextList()) != null) {
            open.add(seg);
            if (seg.ioError() != 0) {
                ioErrorInList();
            }
            ListedFile dir = seg.parent();
            if (dir != null) {
                boolean made = generate(dir, BlockSizing.SHORT_SUM_LENGTH);
                if (!made && (deleteMode == DeleteMode.DURING || deleteMode == DeleteMode.DELAY)) {
                    deletions.deleteIn(dir, deleteMode == DeleteMode.DELAY, seg.files());
                }
            }
            ListedFileList entries = seg.files();
            for (int i = 0; i < entries.size(); i++) {
                ListedFile f = entries.get(i);
                if (f == null || f.isDirectory()) {
                    continue; // rsync: a directory is handled in full when its own list comes
                }
                generate(f, BlockSizing.SHORT_SUM_LENGTH);
                while (events.pending()) {
                    handle(events.take(), true);
                }
                clock.work();
            }
            finishLists(seg);
        }
        while (!open.isEmpty()) {
            finishLists(null);
            if (!open.isEmpty()) {
                out.flush();
                handle(events.take(), true);
                finishLists(null);
            }
        }
    }

    /** Lists that came are taken as they come, their hard links matched (rsync: io.c read_msg_fd). */
    private void takeArrivedLists() throws IOException {
        IncrementalLists.Segment s;
        while ((s = incremental.takeArrived()) != null) {
            if (incHardLinks != null) {
                incHardLinks.match(s);
            }
            pending.add(s);
        }
    }

    /** The next list, waiting for it while handling the receiver's events; null after the last. */
    private IncrementalLists.Segment nextList() throws IOException {
        while (true) {
            takeArrivedLists();
            IncrementalLists.Segment s = pending.poll();
            if (s != null) {
                return s;
            }
            if (incremental.ended()) {
                takeArrivedLists();
                if (pending.isEmpty()) {
                    return null;
                }
                continue;
            }
            finishLists(open.isEmpty() ? null : open.get(open.size() - 1));
            out.flush(); // the client sends more lists once it has read our requests
            handle(events.take(), true);
        }
    }

    /** NDX_DONE for each finished list before {@code current} (rsync: check_for_finished_files). */
    private void finishLists(IncrementalLists.Segment current) throws IOException {
        while (!open.isEmpty() && open.get(0) != current && open.get(0).inProgress <= 0) {
            IncrementalLists.Segment done = open.remove(0);
            if (incHardLinks != null) {
                incHardLinks.forget(done);
            }
            ndxOut.write(NdxReader.NDX_DONE);
        }
    }

    /**
     * A later list came with the client's io_error bits: no more deletions without
     * --ignore-errors (rsync: delete_in_dir's "IO error encountered").
     */
    private void ioErrorInList() {
        if (!options.ignoreErrors() && !deletions.disabled()) {
            if (options.delete()) {
                messages.error("IO error encountered -- skipping file deletion");
            }
            deletions.disable();
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
            if (options.hardLinks() && incHardLinks == null && deferHardLink(f)) {
                return false;
            }
            // a redo is the same member's second transfer: its links are as they were
            IncrementalHardLinks.Link link = incHardLinks == null || f.isDirectory()
                    || csumLength != BlockSizing.SHORT_SUM_LENGTH ? null : incHardLinks.of(f);
            if (link != null && !link.has(IncrementalHardLinks.FIRST) && incHardLinks.check(link, this::linkTo)) {
                return false; // rsync: hard_link_check — linked, or waiting for a transfer
            }
            if (f.isDirectory()) {
                StoredEntry st = store.lookup(f.path(), wantsXattrs(f));
                if (st != null && st.isDirectory()) {
                    updateAttributes(f, st, false);
                } else {
                    XattrCheck x = xattrCheck(f, null);
                    boolean created = store.makeDirectory(f.path(), metadata(f, null, false));
                    itemize(f, null, ItemFlags.LOCAL_CHANGE, null, false, x);
                    return created;
                }
            } else if (f.isSymlink()) {
                if (!options.links()) {
                    return false;
                }
                StoredEntry st = store.lookup(f.path(), wantsXattrs(f));
                if (st != null && st.type() == FileMode.S_IFLNK && Arrays.equals(st.symlinkTarget(), f.linkTarget())) {
                    updateAttributes(f, st, true);
                    finishHardLink(link);
                } else if (mayReplace(f, st)) {
                    StoredEntry prior = st != null && st.type() == FileMode.S_IFLNK ? st : null;
                    XattrCheck x = xattrCheck(f, prior);
                    boolean aclDiff = aclDiffers(f, prior);
                    store.makeSymlink(f.path(), f.linkTarget(), metadata(f, null, true));
                    itemize(f, prior, ItemFlags.LOCAL_CHANGE | ItemFlags.REPORT_CHANGE, null, aclDiff, x);
                    finishHardLink(link);
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
                    finishHardLink(link);
                } else if (mayReplace(f, st)) {
                    // rsync: a device stays a device, a fifo or socket a special: else it is new
                    StoredEntry prior = st != null && FileMode.isDevice(st.type()) == device
                            && (device || FileMode.isSpecial(st.type())) ? st : null;
                    XattrCheck x = xattrCheck(f, prior);
                    boolean aclDiff = aclDiffers(f, prior);
                    store.makeSpecial(f.path(), metadata(f, null, true));
                    itemize(f, prior, ItemFlags.LOCAL_CHANGE | ItemFlags.REPORT_CHANGE, null, aclDiff, x);
                    finishHardLink(link);
                }
            } else if (f.isRegular()) {
                generateRegular(f, csumLength, link);
            }
        } catch (byteback.rsync.wire.ProtocolException | byteback.rsync.protocol.SessionException e) {
            throw e;
        } catch (IOException e) {
            messages.fileError("rsync: [generator] " + f.displayName() + ": " + e.getMessage());
        }
        return false;
    }

    /**
     * rsync: hlink.c hard_link_check and recv_generator's F_HLINK_NOT_LAST — in a group of
     * hard-linked regular files, the first that is already stored is the one transferred (or kept),
     * else the group's last; the others are linked to it once it is in place. Returns whether
     * {@code f} waits to be linked.
     */
    private boolean deferHardLink(ListedFile f) throws IOException {
        int first = f.hardLinkLeader() >= 0 ? f.hardLinkLeader() : groupLast.containsKey(f.ndx()) ? f.ndx() : -1;
        if (first < 0) {
            return false;
        }
        if (!f.isRegular()) { // other types: the first of the group is the one made
            if (first == f.ndx()) {
                groupLeader.put(first, first);
                return false;
            }
            hardLinks.add(new int[] {f.ndx(), first});
            return true;
        }
        if (!groupLeader.containsKey(first)) {
            StoredEntry st = store.lookup(f.path());
            boolean stored = st != null && st.diskType() == StoredEntry.DiskType.REGULAR && FileMode.isRegular(st.mode());
            if (stored || f.ndx() == groupLast.get(first)) {
                groupLeader.put(first, f.ndx());
                return false;
            }
        }
        hardLinks.add(new int[] {f.ndx(), first});
        return true;
    }

    /** @param link its hard-link state with incremental recursion, else null */
    private void generateRegular(ListedFile f, int csumLength, IncrementalHardLinks.Link link) throws IOException {
        StoredEntry st = store.lookup(f.path(), wantsXattrs(f));
        boolean isFile = st != null && st.diskType() == StoredEntry.DiskType.REGULAR && FileMode.isRegular(st.mode());
        if (isFile && csumLength == BlockSizing.SHORT_SUM_LENGTH && unchanged(f, st)) {
            updateAttributes(f, st, true);
            finishHardLink(link);
            return;
        }
        if (st == null && link != null && incHardLinks.deferMissing(link)) {
            return; // rsync: F_HLINK_NOT_LAST — a later member of its list is transferred, this one linked
        }
        if (!mayReplace(f, st)) {
            return;
        }
        // rsync: recv_generator's notify_others — the index and item flags always go out for a transfer
        StoredEntry prior = isFile ? st : null;
        XattrCheck x = xattrCheck(f, prior);
        int iflags = changes.flags(f, prior, ItemFlags.TRANSFER | (options.checksum() ? ItemFlags.REPORT_CHANGE : 0),
                null, aclDiffers(f, prior), x.differs());
        ndxOut.write(f.ndx());
        out.writeShort(iflags);
        if ((iflags & ItemFlags.REPORT_XATTR) != 0) {
            writeXattrRequest(x.ask());
        }
        if (incremental != null) {
            IncrementalLists.Segment s = IncrementalLists.find(open, f.ndx());
            if (s != null) {
                s.inProgress++; // rsync: cur_flist->in_progress++ at notify_others
            }
            if (link != null) {
                incHardLinks.sent(link);
            }
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

    private boolean sameTime(ListedFile f, Instant t) {
        return ItemChanges.sameTime(f, t, options.modifyWindow());
    }

    /**
     * rsync: delete.c delete_item as recv_generator calls it to make way for a non-directory: a
     * directory's contents are deleted (and reported) with --delete or --force; without them only
     * an empty directory is replaced.
     */
    private boolean mayReplace(ListedFile f, StoredEntry st) throws IOException {
        if (st == null || !st.isDirectory()) {
            return true;
        }
        boolean empty = options.delete() || options.force() ? deletions.clearForReplacement(f.path())
                : store.list(f.path()).isEmpty();
        if (empty) {
            return true;
        }
        if (!options.delete() && !options.force()) {
            messages.info("cannot delete non-empty directory: " + f.displayName());
        }
        String what = f.isRegular() ? "regular file" : f.isSymlink() ? "symlink"
                : FileMode.isDevice(f.mode()) ? "device file" : "special file";
        messages.fileError("could not make way for new " + what + ": " + f.displayName());
        return false;
    }

    /**
     * An entry whose content is already right: reports what differs (rsync: generator.c itemize)
     * and sets the attributes that differ (rsync: rsync.c set_file_attrs).
     */
    private void updateAttributes(ListedFile f, StoredEntry st, boolean withTime) throws IOException {
        XattrCheck x = xattrCheck(f, st);
        boolean aclDiff = aclDiffers(f, st);
        if (!x.missing()) {
            applyAttributes(f, st, withTime, x.local());
        } // else the receiver applies the attributes once the values came
        int iflags = itemize(f, st, 0, null, aclDiff, x);
        if (!f.isDirectory()) {
            reportUptodate(f, iflags);
        }
    }

    /**
     * rsync: rsync.c set_file_attrs with ATTRS_REPORT — at {@code -vv} without {@code %i}, an
     * entry whose content was right is named, "is uptodate" when its attributes were too.
     */
    private void reportUptodate(ListedFile f, int iflags) {
        if (changes.nameLevel() >= 2 && changes.itemizeLevel() == 0) {
            boolean updated = (iflags & (ItemFlags.REPORT_TIME | ItemFlags.REPORT_PERMS | ItemFlags.REPORT_OWNER
                    | ItemFlags.REPORT_GROUP | ItemFlags.REPORT_ACL)) != 0;
            messages.info(f.displayName() + (updated ? "" : " is uptodate"));
        }
    }

    private void applyAttributes(ListedFile f, StoredEntry st, boolean withTime, List<Xattr> local)
            throws IOException {
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

    /**
     * How the client's xattrs of {@code f} compare with the stored ones (rsync: xattrs.c
     * xattr_diff with find_all): the stored list, the abbreviated values still to ask for, whether
     * some value is still unknown, and whether the lists differ (for a new entry: whether the
     * client sent any).
     */
    private record XattrCheck(List<Xattr> local, List<Integer> ask, boolean missing, boolean differs) {
        static final XattrCheck NONE = new XattrCheck(null, List.of(), false, false);
    }

    private XattrCheck xattrCheck(ListedFile f, StoredEntry prior) throws IOException {
        if (!options.xattrs() || f.xattrs() == null) {
            return XattrCheck.NONE;
        }
        List<Xattr> local = prior != null ? storedXattrs(f, prior) : List.of();
        List<Integer> ask = xattrValues.resolve(f, local);
        boolean missing = false;
        for (var a : f.abbreviatedXattrs()) {
            missing |= xattrValues.get(f.xattrSet(), a.wireNumber()) == null;
        }
        boolean differs = prior != null ? missing || !local.equals(xattrValues.complete(f))
                : !f.xattrs().isEmpty() || !f.abbreviatedXattrs().isEmpty();
        return new XattrCheck(prior != null ? local : null, ask, missing, differs);
    }

    /** rsync: acls.c set_acl(NULL, ...) as itemize asks it: would the stored ACLs change? */
    private boolean aclDiffers(ListedFile f, StoredEntry prior) throws IOException {
        if (prior == null || !options.acls() || f.isSymlink()) {
            return false;
        }
        if (f.accessAcl() != null && !aclSame(store.readAcl(f.path(), false), f.accessAcl(), f.mode())) {
            return true;
        }
        if (f.isDirectory()) {
            RsyncAcl stored = store.readAcl(f.path(), true);
            RsyncAcl wanted = f.defaultAcl() != null ? f.defaultAcl() : RsyncAcl.EMPTY;
            return !aclSame(stored, wanted, f.mode());
        }
        return false;
    }

    private static boolean aclSame(RsyncAcl stored, RsyncAcl wanted, int mode) {
        return stored != null ? stored.equalEnough(wanted, mode) : isEmptyAcl(wanted);
    }

    /**
     * rsync: generator.c itemize, the sending part — the index and item flags go to the client
     * when they say something (or it asked for every item), with the xattr request after them.
     */
    private int itemize(ListedFile f, StoredEntry prior, int base, String xname, boolean aclDiff, XattrCheck x)
            throws IOException {
        int iflags = changes.flags(f, prior, base, xname, aclDiff, x.differs());
        if (!changes.worthSending(iflags, xname)) {
            return iflags;
        }
        ndxOut.write(f.ndx());
        out.writeShort(iflags);
        if ((iflags & ItemFlags.XNAME_FOLLOWS) != 0) {
            out.writeVstring(xname.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        if ((iflags & ItemFlags.REPORT_XATTR) != 0 && !(protocol.xattrOptimization()
                && (iflags & (ItemFlags.XNAME_FOLLOWS | ItemFlags.LOCAL_CHANGE))
                        == (ItemFlags.XNAME_FOLLOWS | ItemFlags.LOCAL_CHANGE))) {
            writeXattrRequest(x.ask());
        }
        return iflags;
    }

    private void writeXattrRequest(List<Integer> ask) throws IOException {
        int prior = 0;
        for (int num : ask) {
            out.writeVarint(num - prior);
            prior = num;
        }
        out.writeByte(0);
    }

    /**
     * rsync: hlink.c finish_hard_link / maybe_hard_link — followers become links to their group's
     * first entry, each reported as {@code hf... NAME => LEADER} (or unchanged, when it already was).
     */
    private void linkHardLinks(boolean afterRedo) throws IOException {
        for (int[] link : hardLinks) {
            int leaderNdx = groupLeader.getOrDefault(link[1], link[1]);
            if (redone.contains(leaderNdx) != afterRedo) {
                continue;
            }
            ListedFile f = files.get(link[0]);
            ListedFile leader = files.get(leaderNdx);
            StoredEntry before;
            String xname;
            try {
                before = store.lookup(f.path());
                StoredEntry lead = store.lookup(leader.path());
                boolean linked = before != null && lead != null && before.device() == lead.device()
                        && before.inode() == lead.inode();
                if (!linked) {
                    store.makeHardLink(f.path(), leader.path());
                }
                xname = linked ? "" : new String(leader.path().bytes(), java.nio.charset.StandardCharsets.UTF_8);
            } catch (byteback.rsync.wire.ProtocolException | byteback.rsync.protocol.SessionException e) {
                throw e;
            } catch (IOException e) {
                messages.fileError("rsync: link " + f.displayName() + " => " + leader.displayName() + " failed: "
                        + e.getMessage());
                continue;
            }
            if (afterRedo) {
                continue; // the client has stopped reading items by now
            }
            itemize(f, before, ItemFlags.LOCAL_CHANGE | ItemFlags.XNAME_FOLLOWS, xname, false, XattrCheck.NONE);
            if (xname.isEmpty() && changes.nameLevel() >= 2 && changes.itemizeLevel() == 0) {
                messages.info(f.displayName() + " is uptodate"); // rsync: hlink.c maybe_hard_link
            }
            clock.work();
        }
    }

    private void finishHardLink(IncrementalHardLinks.Link link) throws IOException {
        if (link != null) {
            incHardLinks.finish(link, this::linkTo);
        }
    }

    /**
     * rsync: hlink.c maybe_hard_link — {@code f} becomes a hard link to {@code target} unless it
     * already is one, reported as {@code hf... NAME => TARGET} (or unchanged).
     */
    private void linkTo(ListedFile f, StorePath target) throws IOException {
        StoredEntry before;
        String xname;
        try {
            before = store.lookup(f.path());
            StoredEntry lead = store.lookup(target);
            boolean linked = before != null && lead != null && before.device() == lead.device()
                    && before.inode() == lead.inode();
            if (!linked) {
                store.makeHardLink(f.path(), target);
            }
            xname = linked ? "" : new String(target.bytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (byteback.rsync.wire.ProtocolException | byteback.rsync.protocol.SessionException e) {
            throw e;
        } catch (IOException e) {
            messages.fileError("rsync: link " + f.displayName() + " => "
                    + new String(target.bytes(), java.nio.charset.StandardCharsets.UTF_8) + " failed: " + e.getMessage());
            return;
        }
        itemize(f, before, ItemFlags.LOCAL_CHANGE | ItemFlags.XNAME_FOLLOWS, xname, false, XattrCheck.NONE);
        if (xname.isEmpty() && changes.nameLevel() >= 2 && changes.itemizeLevel() == 0) {
            messages.info(f.displayName() + " is uptodate"); // rsync: hlink.c maybe_hard_link
        }
    }

    /** rsync: generator.c touch_up_dirs — directory times after their contents changed. */
    private void touchUpDirectories() throws IOException {
        List<ListedFile> dirs = incremental != null ? incremental.directories() : files;
        for (int i = dirs.size() - 1; i >= 0; i--) {
            ListedFile f = dirs.get(i);
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
            } catch (byteback.rsync.protocol.SessionException e) {
                throw e; // the size guard stopped the backup
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
