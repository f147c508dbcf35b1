package byteback.rsync.sender;

import byteback.rsync.checksum.BlockChecksum;
import byteback.rsync.checksum.StrongChecksum;
import byteback.rsync.compress.TokenWriter;
import byteback.rsync.memory.Reservation;
import byteback.rsync.protocol.ExitCode;
import byteback.rsync.protocol.ItemFlags;
import byteback.rsync.protocol.NdxReader;
import byteback.rsync.protocol.NdxWriter;
import byteback.rsync.protocol.Protocol;
import byteback.rsync.protocol.SessionException;
import byteback.rsync.protocol.SumHead;
import byteback.rsync.protocol.XFlags;
import byteback.rsync.session.ClientMessages;
import byteback.rsync.store.BasisFile;
import byteback.rsync.wire.IoClock;
import byteback.rsync.wire.MessageCode;
import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireReader;
import byteback.rsync.wire.WireWriter;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.SortedSet;

/**
 * Answers the client's requests for files (rsync: sender.c send_files): for each index with its
 * item flags, echoes them, and for a transfer reads the block sums of the client's basis, then
 * sends the file as tokens against them and its whole-file checksum; phase ends (redo phase,
 * then the end) are echoed. Every request is checked: an index never listed or not a regular
 * file, impossible sum headers, a transfer in the last phase end the session with exit code 2/12.
 */
final class FileSender {
    /** rsync: ITEM_* bits a client may send (rsync: rsync.h SIGNIFICANT_ITEM_FLAGS and the rest). */
    private static final int MAX_XNAME = 4096;

    private final Protocol protocol;
    private final SourceTree tree;
    private final SentFiles files;
    private final WireReader in;
    private final WireWriter out;
    private final NdxReader ndxIn;
    private final NdxWriter ndxOut;
    private final ClientMessages messages;
    private final IoClock clock;
    private final Reservation reservation;
    private final TokenWriter tokens;
    private final BlockMatcher matcher;
    private final XattrSender xattrs;
    private final boolean preserveXattrs;
    private final boolean inplace;
    private final long maxSumBytes;
    private final boolean dryRun;
    int filesSent;
    long totalTransferredSize;
    int ioError;

    FileSender(Protocol protocol, SourceTree tree, SentFiles files, WireReader in, WireWriter out, NdxWriter ndxOut,
            ClientMessages messages, IoClock clock, Reservation reservation, TokenWriter tokens, XattrSender xattrs,
            boolean preserveXattrs, boolean inplace, long maxSumBytes, boolean dryRun) {
        this.dryRun = dryRun;
        this.protocol = protocol;
        this.tree = tree;
        this.files = files;
        this.in = in;
        this.out = out;
        this.ndxIn = new NdxReader(in, protocol.version());
        this.ndxOut = ndxOut;
        this.messages = messages;
        this.clock = clock;
        this.reservation = reservation;
        this.tokens = tokens;
        this.xattrs = xattrs;
        this.preserveXattrs = preserveXattrs;
        this.inplace = inplace;
        this.maxSumBytes = maxSumBytes;
        this.matcher = new BlockMatcher(new BlockChecksum(protocol.checksum(), protocol.seed(), protocol.version(),
                protocol.properSeedOrder()));
    }

    long literalBytes() {
        return matcher.literalBytes;
    }

    long matchedBytes() {
        return matcher.matchedBytes;
    }

    /** rsync: sender.c send_files. */
    void run() throws IOException {
        int phase = 0;
        int maxPhase = 2;
        while (true) {
            files.beforeRequest();
            int ndx = readNdx();
            if (ndx == NdxReader.NDX_DONE) {
                if (files.listDone()) {
                    ndxOut.write(NdxReader.NDX_DONE); // rsync: a list freed, more to come: no phase end
                    continue;
                }
                if (++phase > maxPhase) {
                    break;
                }
                ndxOut.write(NdxReader.NDX_DONE);
                out.flush();
                continue;
            }
            int iflags = in.readShort() & 0xffff;
            int basisType = ItemFlags.FNAMECMP_FNAME;
            if ((iflags & ItemFlags.BASIS_TYPE_FOLLOWS) != 0) {
                basisType = in.readByte();
            }
            byte[] xname = null;
            if ((iflags & ItemFlags.XNAME_FOLLOWS) != 0) {
                xname = in.readVstring(MAX_XNAME);
            }
            SenderFile file = files.get(ndx);
            files.beforeRequest();
            if ((iflags & ItemFlags.TRANSFER) != 0 && !file.isRegular()) {
                throw new SessionException(ExitCode.PROTOCOL, "rsync: received request to transfer non-regular file: "
                        + ndx + " [sender]");
            }
            SortedSet<Integer> xattrRequest = null;
            if (preserveXattrs && (iflags & ItemFlags.REPORT_XATTR) != 0 && !dryRun
                    && !(protocol.xattrOptimization() && (iflags & (ItemFlags.XNAME_FOLLOWS | ItemFlags.LOCAL_CHANGE))
                            == (ItemFlags.XNAME_FOLLOWS | ItemFlags.LOCAL_CHANGE))) {
                xattrRequest = xattrs.readRequest(in, file.xattrSet);
            }
            if ((iflags & ItemFlags.TRANSFER) == 0) {
                writeNdxAndAttrs(ndx, iflags, basisType, xname, file, xattrRequest);
                continue;
            }
            if (phase == 2) {
                throw new SessionException(ExitCode.PROTOCOL, "rsync: got transfer request in phase 2 [sender]");
            }
            if (dryRun) {
                // rsync: !do_xfers — the request is echoed, no sums come and no data goes
                filesSent++;
                totalTransferredSize += file.entry.size();
                writeNdxAndAttrs(ndx, iflags, basisType, xname, file, xattrRequest);
                continue;
            }
            SumHead head = SumHead.read(in, protocol.checksum().digestLength());
            long need = BlockSums.bytesFor(head);
            if (need > maxSumBytes) {
                throw new SessionException(ExitCode.PROTOCOL, "rsync: Invalid checksum count " + head.count()
                        + " (more than this server keeps for one file) [sender]");
            }
            reservation.reserve(need);
            try {
                BlockSums sums = BlockSums.read(in, head);
                clock.work();
                sendFile(ndx, iflags, basisType, xname, file, xattrRequest, sums);
            } finally {
                reservation.release(need);
            }
        }
        if (ioError != 0) {
            out.sendMessageInt(MessageCode.IO_ERROR, ioError);
        }
        ndxOut.write(NdxReader.NDX_DONE);
        out.flush();
    }

    private void sendFile(int ndx, int iflags, int basisType, byte[] xname, SenderFile file,
            SortedSet<Integer> xattrRequest, BlockSums sums) throws IOException {
        BasisFile data;
        try {
            data = tree.open(file.source);
        } catch (NoSuchFileException e) {
            data = null;
        } catch (IOException e) {
            ioError |= XFlags.IOERR_GENERAL;
            messages.fileError("rsync: [sender] send_files failed to open \"" + file.displayName() + "\": "
                    + e.getMessage());
            out.sendMessageInt(MessageCode.NO_SEND, ndx);
            return;
        }
        if (data == null) {
            ioError |= XFlags.IOERR_VANISHED;
            messages.warning("file has vanished: \"" + file.displayName() + "\"");
            out.sendMessageInt(MessageCode.NO_SEND, ndx);
            return;
        }
        try (BasisFile f = data) {
            filesSent++;
            totalTransferredSize += file.entry.size();
            writeNdxAndAttrs(ndx, iflags, basisType, xname, file, xattrRequest);
            sums.head.write(out);
            boolean updatingBasis = inplace && basisType == ItemFlags.FNAMECMP_FNAME;
            StrongChecksum fileSum = StrongChecksum.fileChecksum(protocol.checksum(), protocol.seed(),
                    protocol.version());
            matcher.send(out, tokens, fileSum, f, f.size(), sums, updatingBasis);
            clock.work();
        }
        file.sent = true;
    }

    /** rsync: sender.c write_ndx_and_attrs. */
    private void writeNdxAndAttrs(int ndx, int iflags, int basisType, byte[] xname, SenderFile file,
            SortedSet<Integer> xattrRequest) throws IOException {
        ndxOut.write(ndx);
        out.writeShort(iflags);
        if ((iflags & ItemFlags.BASIS_TYPE_FOLLOWS) != 0) {
            out.writeByte(basisType);
        }
        if ((iflags & ItemFlags.XNAME_FOLLOWS) != 0) {
            out.writeVstring(xname);
        }
        if (xattrRequest != null) {
            xattrs.writeValues(out, file.xattrSet, xattrRequest, tree.xattrs(file.source));
        }
    }

    /**
     * rsync: rsync.c read_ndx_and_attrs, the index part: deletion statistics are echoed (rsync:
     * main.c read_del_stats/write_del_stats); any other negative index, or one never listed,
     * ends the session.
     */
    int readNdx() throws IOException {
        while (true) {
            int ndx = ndxIn.read();
            if (ndx >= 0) {
                return ndx; // checked against the lists held by the caller
            }
            if (ndx == NdxReader.NDX_DONE) {
                return ndx;
            }
            if (ndx == NdxReader.NDX_DEL_STATS) {
                int[] del = new int[5];
                for (int i = 0; i < 5; i++) {
                    del[i] = in.readVarint();
                }
                ndxOut.write(NdxReader.NDX_DEL_STATS);
                for (int v : del) {
                    out.writeVarint(v);
                }
                continue;
            }
            throw new SessionException(ExitCode.PROTOCOL, "rsync: Invalid file index: " + ndx + " [sender]");
        }
    }

    /** rsync: main.c read_final_goodbye on the sending server. */
    void readGoodbye() throws IOException {
        int i = readNdx();
        if (protocol.version() >= 31 && i == NdxReader.NDX_DONE) {
            ndxOut.write(NdxReader.NDX_DONE);
            out.flush();
            i = readNdx();
        }
        if (i != NdxReader.NDX_DONE) {
            throw new ProtocolException("Invalid packet at end of run (" + i + ") [sender]");
        }
    }
}
