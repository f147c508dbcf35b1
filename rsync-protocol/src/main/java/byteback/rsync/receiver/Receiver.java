package byteback.rsync.receiver;

import byteback.rsync.checksum.StrongChecksum;
import byteback.rsync.compress.TokenReader;
import byteback.rsync.memory.MemoryBudgetExceededException;
import byteback.rsync.memory.Reservation;
import byteback.rsync.protocol.ItemFlags;
import byteback.rsync.protocol.SumHead;
import byteback.rsync.options.ServerOptions;
import byteback.rsync.session.ClientMessages;
import byteback.rsync.protocol.ExitCode;
import byteback.rsync.protocol.Protocol;
import byteback.rsync.protocol.SessionException;
import byteback.rsync.session.TransferStats;
import byteback.rsync.store.BasisFile;
import byteback.rsync.store.FileMetadata;
import byteback.rsync.store.FileWriter;
import byteback.rsync.store.Store;
import byteback.rsync.wire.IoClock;
import byteback.rsync.protocol.NdxReader;
import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireReader;
import java.io.IOException;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;

/**
 * The receiver thread (rsync: receiver.c recv_files and receive_data): reads the client's
 * answers to the generator's requests — file index, item flags, sum header, delta tokens and
 * whole-file checksum — and writes each file through the store, in place or into a temp file
 * that replaces the target once the checksum matches.
 */
public final class Receiver {
    private final Protocol protocol;
    private final ServerOptions options;
    private final List<ListedFile> files;
    private final Store store;
    private final WireReader in;
    private final NdxReader ndxIn;
    private final TokenReader tokens;
    private final ReceiverEvents events;
    private final ClientMessages messages;
    private final TransferStats stats;
    private final IoClock clock;
    private final Function<ListedFile, FileMetadata> metadata;
    private final StrongChecksum fileSum;
    private final byte[] localSum;
    private final byte[] senderSum;
    private final BitSet sent = new BitSet();
    private final XattrValues xattrValues;
    private boolean readsSenderStats;
    private long[] senderStats;
    /** The lists with incremental recursion, else null. */
    private final IncrementalLists incremental;
    private volatile FileWriter inFlight;
    private volatile ListedFile inFlightFile;

    /** The longest xattr value we accept from the client (rsync: MAX_XATTR_VALUE_BYTES is 128 MiB). */
    public static final int MAX_XATTR_VALUE = 64 << 20;

    public Receiver(Protocol protocol, ServerOptions options, List<ListedFile> files, Store store, WireReader in,
            ReceiverEvents events, ClientMessages messages, TransferStats stats, IoClock clock,
            Function<ListedFile, FileMetadata> metadata, XattrValues xattrValues, Reservation reservation)
            throws MemoryBudgetExceededException {
        this.xattrValues = xattrValues;
        this.protocol = protocol;
        this.options = options;
        this.files = files;
        this.incremental = files instanceof IncrementalLists l ? l : null;
        this.store = store;
        this.in = in;
        this.ndxIn = new NdxReader(in, protocol.version());
        this.tokens = protocol.compression().newReader(protocol.version(), reservation);
        this.events = events;
        this.messages = messages;
        this.stats = stats;
        this.clock = clock;
        this.metadata = metadata;
        this.fileSum = StrongChecksum.fileChecksum(protocol.checksum(), protocol.seed(), protocol.version());
        this.localSum = new byte[fileSum.length()];
        this.senderSum = new byte[fileSum.length()];
    }

    /**
     * On the client: the sending server's statistics follow the last phase (rsync: main.c
     * handle_stats, read by the client's receiver); call before {@link #run}.
     */
    public void readSenderStats() {
        this.readsSenderStats = true;
    }

    /**
     * What the sending server reported at the end (total read, total written, total size, file
     * list build and transfer time in ms; the times are 0 before protocol 29), or null when not
     * read (see {@link #readSenderStats}).
     */
    public long[] senderStats() {
        return senderStats;
    }

    /**
     * rsync: receiver.c recv_files, then main.c read_final_goodbye. However it ends, the token
     * reader is closed (a zstd decoder's native window is freed now, not when the GC gets to it).
     */
    public void run() throws IOException {
        try (TokenReader t = tokens) {
            receiveAll();
        }
    }

    private void receiveAll() throws IOException {
        int phase = 0;
        while (true) {
            int ndx = readIndex();
            if (ndx == NdxReader.NDX_DONE) {
                if (incremental != null && phase == 0 && incremental.freeFirst()) {
                    continue; // rsync: one list done, others remain — not the end of the phase
                }
                if (++phase > 2) {
                    break;
                }
                events.phaseDone();
                continue;
            }
            int iflags = in.readShort();
            ListedFile f = files.get(ndx);
            if ((iflags & ItemFlags.BASIS_TYPE_FOLLOWS) != 0) {
                int type = in.readByte();
                if (type != ItemFlags.FNAMECMP_FNAME) {
                    throw new ProtocolException("unexpected basis type " + type + " for " + f.displayName());
                }
            }
            if ((iflags & ItemFlags.XNAME_FOLLOWS) != 0) {
                in.readVstring(4096);
            }
            boolean xattrData = options.xattrs() && (iflags & ItemFlags.REPORT_XATTR) != 0;
            if (xattrData) {
                readXattrValues(f);
            }
            if ((iflags & ItemFlags.TRANSFER) == 0) {
                if (xattrData) {
                    applyAttributes(f);
                }
                continue; // the client echoes itemized entries for its log
            }
            if (!f.isRegular()) {
                throw new ProtocolException("received request to transfer non-regular file: " + ndx);
            }
            if (phase == 2) {
                throw new ProtocolException("got transfer request in phase 2");
            }
            boolean redoing = sent.get(ndx);
            if (!receiveFile(f, redoing) && incremental != null) {
                events.success(ndx); // rsync: MSG_SUCCESS / MSG_NO_SEND — the generator's list may finish
            }
            clock.work();
        }
        if (readsSenderStats) {
            // rsync: main.c handle_stats on the client; read and written swap sides
            long written = in.readVarlong(3), read = in.readVarlong(3), size = in.readVarlong(3);
            long build = protocol.version() >= 29 ? in.readVarlong(3) : 0;
            long xfer = protocol.version() >= 29 ? in.readVarlong(3) : 0;
            senderStats = new long[] {read, written, size, build, xfer};
        }
        events.phaseDone();
        if (protocol.version() >= 31) {
            int ndx = readIndex();
            if (ndx != NdxReader.NDX_DONE) {
                throw new ProtocolException("Invalid packet at end of run (" + ndx + ")");
            }
            events.phaseDone();
        }
    }

    /** rsync: xattrs.c recv_xattr_request on the receiving side. */
    private void readXattrValues(ListedFile f) throws IOException {
        long num = 0;
        while (true) {
            int rel = in.readVarint();
            if (rel == 0) {
                return;
            }
            num += rel;
            if (num <= 0 || num > Integer.MAX_VALUE) {
                throw new ProtocolException("xattr rel_pos accumulation overflow");
            }
            AbbreviatedXattr a = XattrValues.find(f, (int) num);
            if (a == null) {
                throw new ProtocolException("could not find xattr #" + num + " for " + f.displayName());
            }
            int len = in.readVarint();
            if (len < 0 || len > MAX_XATTR_VALUE) {
                throw new ProtocolException("xattr datum_len out of range: " + len);
            }
            byte[] value = new byte[len];
            in.readFully(value, 0, len);
            xattrValues.put(f.xattrSet(), a.wireNumber(), value);
        }
    }

    private void applyAttributes(ListedFile f) throws SessionException {
        try {
            store.setAttributes(f.path(), metadata.apply(f));
        } catch (SessionException e) {
            throw e; // the store's listener ends the session (the size guard)
        } catch (ProtocolException e) {
            messages.fileError("rsync: set attributes of " + f.displayName() + ": " + e.getMessage());
        } catch (IOException e) {
            messages.fileError("rsync: set attributes of " + f.displayName() + ": " + e.getMessage());
        }
    }

    /** rsync: rsync.c read_ndx_and_attrs, the index part. */
    private int readIndex() throws IOException {
        while (true) {
            int ndx = ndxIn.read();
            if (ndx == NdxReader.NDX_DONE) {
                return ndx;
            }
            if (ndx == NdxReader.NDX_DEL_STATS) {
                for (int i = 0; i < 5; i++) {
                    in.readVarint();
                }
                continue;
            }
            if (incremental != null && ndx == NdxReader.NDX_FLIST_EOF) {
                incremental.endOfLists(); // rsync: flist_eof
                events.listArrived();
                continue;
            }
            if (incremental != null && ndx <= NdxReader.NDX_FLIST_OFFSET) {
                incremental.readSubList(in, NdxReader.NDX_FLIST_OFFSET - ndx); // rsync: recv_file_list(f, dir_ndx)
                events.listArrived();
                continue;
            }
            if (ndx < 0 || ndx >= files.size() || files.get(ndx) == null) {
                throw new ProtocolException("Invalid file index: " + ndx + " (-1 - " + (files.size() - 1) + ")");
            }
            return ndx;
        }
    }

    /** Receives one file; returns whether it is to be sent again (a redo was asked for). */
    private boolean receiveFile(ListedFile f, boolean redoing) throws IOException {
        sent.set(f.ndx());
        stats.transferredFiles.incrementAndGet();
        boolean inplace = options.inplace();
        BasisFile basis = null;
        FileWriter writer = null;
        try {
            SumHead head = SumHead.read(in, protocol.checksum().digestLength());
            try {
                if (head.count() > 0) { // without block sums no block can match: no basis needed
                    basis = store.openBasis(f.path());
                }
                writer = store.beginFile(f.path(), inplace, options.sparse());
            } catch (ProtocolException | SessionException e) {
                throw e; // a SessionException: the store's listener ends the session (the size guard)
            } catch (IOException e) {
                messages.fileError("rsync: open " + f.displayName() + " failed: " + e.getMessage());
                if (basis != null) {
                    basis.close();
                    basis = null;
                }
                writer = null;
            }
            inFlightFile = f;
            inFlight = writer;
            boolean ok = receiveData(f, head, basis, writer, inplace);
            inFlight = null;
            if (writer == null) {
                return false;
            }
            if (ok) {
                writer.commit(metadata.apply(f));
                writer = null;
            } else if (!redoing) {
                if (!inplace) {
                    writer.abort();
                } else {
                    writer.commit(metadata.apply(f).withMtime(null));
                }
                writer = null;
                messages.warning("WARNING: " + f.displayName() + " failed verification -- update "
                        + (inplace ? "retained" : "discarded") + " (will try again).");
                events.redo(f.ndx());
                return true;
            } else {
                if (!inplace) {
                    writer.abort();
                } else {
                    writer.commit(metadata.apply(f).withMtime(null));
                }
                writer = null;
                messages.fileError("ERROR: " + f.displayName() + " failed verification -- update "
                        + (inplace ? "retained" : "discarded") + ".");
            }
        } finally {
            inFlight = null;
            if (writer != null) {
                if (options.partial() && !inplace) {
                    keepPartial(f, writer);
                } else {
                    writer.abort();
                }
            }
            if (basis != null) {
                basis.close();
            }
        }
        return false;
    }

    /**
     * The process is being killed (rsync: cleanup.c on a signal): the file being written is
     * dropped, or kept as the partial file with --partial. Called from a shutdown hook.
     */
    public void interrupt() {
        FileWriter w = inFlight;
        ListedFile f = inFlightFile;
        inFlight = null;
        if (w == null) {
            return;
        }
        if (options.partial() && !options.inplace()) {
            keepPartial(f, w);
        } else {
            w.abort();
        }
    }

    /** rsync --partial: an interrupted temp file replaces the target so the next run can use it. */
    private void keepPartial(ListedFile f, FileWriter writer) {
        try {
            if (writer.position() > 0) {
                writer.commit(metadata.apply(f).withMtime(null));
            } else {
                writer.abort();
            }
        } catch (IOException | RuntimeException e) {
            writer.abort();
        }
    }

    /** rsync: receiver.c receive_data. Returns whether the whole-file checksum matched. */
    private boolean receiveData(ListedFile f, SumHead head, BasisFile basisFile, FileWriter writer, boolean inplace)
            throws IOException {
        BasisReader basis = basisFile != null && basisFile.size() > 0 ? new BasisReader(basisFile) : null;
        long offset = 0;
        while (true) {
            int t = tokens.next(in);
            if (t == 0) {
                break;
            }
            if (t > 0) {
                byte[] data = tokens.literal();
                int off = tokens.literalOffset();
                fileSum.update(data, off, t);
                if (writer != null) {
                    writer.write(data, off, t);
                }
                stats.literalData.addAndGet(t);
                offset += t;
                continue;
            }
            int block = -(t + 1);
            if (block < 0 || block >= head.count()) {
                throw new ProtocolException("Invalid block index " + block + " (count=" + head.count() + ")");
            }
            int len = head.blockLength(block);
            long blockOffset = (long) block * head.blockLength();
            if (basis == null) {
                if (writer != null) {
                    throw new ProtocolException("got a block match with no basis file for " + f.displayName());
                }
                offset += len;
                continue;
            }
            if (blockOffset + len > basis.size()) {
                throw new ProtocolException("block " + block + " lies beyond the basis file of " + f.displayName());
            }
            int at = basis.map(blockOffset, len);
            byte[] data = basis.buffer();
            tokens.seeMatch(data, at, len);
            fileSum.update(data, at, len);
            stats.matchedData.addAndGet(len);
            if (writer != null) {
                if (inplace && blockOffset == offset) {
                    writer.skip(len);
                } else {
                    writer.write(data, at, len);
                }
            }
            offset += len;
        }
        fileSum.digest(localSum, 0);
        in.readFully(senderSum, 0, senderSum.length);
        return Arrays.equals(localSum, senderSum);
    }

    static SessionException fatal(String message) {
        return new SessionException(ExitCode.FILEIO, message);
    }
}
