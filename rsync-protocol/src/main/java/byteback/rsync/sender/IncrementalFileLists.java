package byteback.rsync.sender;

import byteback.rsync.memory.Reservation;
import byteback.rsync.protocol.ExitCode;
import byteback.rsync.protocol.FileMode;
import byteback.rsync.protocol.NdxReader;
import byteback.rsync.protocol.NdxWriter;
import byteback.rsync.protocol.SessionException;
import byteback.rsync.wire.MessageCode;
import byteback.rsync.wire.WireWriter;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The sender's file lists with incremental recursion (rsync: flist.c send_file_list with
 * inc_recurse, send_extra_file_list, add_dirs_to_tree; sender.c send_files' flist_free). The
 * first list holds the arguments; then each directory's contents go as a list of their own
 * ({@code NDX_FLIST_OFFSET - dir}, dir being the directory's place among all directories listed
 * so far in list order, each list's sorted), depth first as rsync goes, and {@code NDX_FLIST_EOF}
 * after the last. Lists are sent ahead of the client's requests — at least
 * {@value #MIN_LOOKAHEAD} entries beyond the list of its last request, up to
 * {@value #MAX_LOOKAHEAD} while it is quiet — and each is freed (its memory charge given back)
 * when the client's NDX_DONE says it is done with it. What is held: the lists in flight and the
 * directories still to list.
 */
final class IncrementalFileLists implements SentFiles {
    /** rsync: rsync.h MIN_FILECNT_LOOKAHEAD. */
    static final int MIN_LOOKAHEAD = 1000;
    /** rsync: rsync.h MAX_FILECNT_LOOKAHEAD. */
    static final int MAX_LOOKAHEAD = 10_000;

    /** One list sent and not freed yet. */
    private record Sent(int ndxStart, List<SenderFile> sorted, SenderFile parent, long charged) {
        boolean covers(int ndx) {
            return ndx >= ndxStart - 1 && ndx < ndxStart + sorted.size();
        }
    }

    /** A directory whose list is still to send; more than one part: the same name listed twice. */
    private record Pending(int dirNdx, List<SenderFile> parts) {}

    private final FileListBuilder builder;
    private final FileListWriter writer;
    private final NdxWriter ndxOut;
    private final WireWriter out;
    private final Reservation reservation;
    /** What the entries listed since the last call were charged to the reservation. */
    private final LongSupplier takeCharge;
    private final int protocol;
    private final boolean safeList;
    private final boolean ignoreErrors;
    /** Directories still to list, the next on top (rsync's dir_flist tree walked depth first). */
    private final ArrayDeque<Pending> toSend = new ArrayDeque<>();
    /** The lists held, oldest at {@code head}. */
    private final ArrayList<Sent> held = new ArrayList<>();
    private int head;
    /** The list of the client's last request (rsync: cur_flist), an index into held. */
    private int cur;
    /** rsync: file_total and file_old_total — entries held, and of those up to cur. */
    private long fileTotal;
    private long oldTotal;
    private int nextNdx = 1;
    private int dirCount;
    private boolean eof;
    private long files;
    private long totalSize;

    IncrementalFileLists(FileListBuilder builder, FileListWriter writer, NdxWriter ndxOut, WireWriter out,
            Reservation reservation, LongSupplier takeCharge, int protocol, boolean safeList, boolean ignoreErrors) {
        this.builder = builder;
        this.writer = writer;
        this.ndxOut = ndxOut;
        this.out = out;
        this.reservation = reservation;
        this.takeCharge = takeCharge;
        this.protocol = protocol;
        this.safeList = safeList;
        this.ignoreErrors = ignoreErrors;
    }

    /** Entries listed so far in all lists. */
    long files() {
        return files;
    }

    /** rsync: stats.total_size — the sizes of the regular files and symlinks listed so far. */
    long totalSize() {
        return totalSize;
    }

    /**
     * rsync: the end of send_file_list with inc_recurse — the first list (already written, ended)
     * is taken in; NDX_FLIST_EOF when no directory is left to list, else one more list when the
     * first has a single entry (so that the client can tell a one-file transfer).
     */
    void firstListSent() throws IOException {
        List<SenderFile> first = builder.files();
        SenderFile dot = null;
        for (SenderFile f : first) {
            if (isDot(f)) {
                dot = f;
                break;
            }
        }
        register(first, dot, takeCharge.getAsLong());
        cur = head;
        oldTotal = fileTotal;
        if (toSend.isEmpty()) {
            endOfLists();
        } else if (fileTotal == 1) {
            sendExtra(1);
        }
    }

    private void endOfLists() throws IOException {
        ndxOut.write(NdxReader.NDX_FLIST_EOF);
        eof = true;
    }

    /** rsync: flist.c send_extra_file_list — lists until {@code atLeast} entries lie beyond cur. */
    private void sendExtra(long atLeast) throws IOException {
        int before = builder.ioError();
        while (!eof && fileTotal - oldTotal < atLeast) {
            sendOne();
        }
        if (builder.ioError() != before && protocol == 30 && !ignoreErrors) {
            out.sendMessageInt(MessageCode.IO_ERROR, builder.ioError());
        }
    }

    private void sendOne() throws IOException {
        Pending p = toSend.pop();
        ndxOut.write(NdxReader.NDX_FLIST_OFFSET - p.dirNdx);
        int before = builder.ioError();
        builder.sendDirectoryList(p.parts, nextNdx);
        int ioError = builder.ioError();
        if (ioError == before || ignoreErrors) {
            writer.writeEnd(0, false);
        } else {
            // rsync: without the safe list end (protocol 30 clients) the bits go as MSG_IO_ERROR
            writer.writeEnd(ioError, safeList);
        }
        register(builder.files(), p.parts.get(0), takeCharge.getAsLong());
        if (toSend.isEmpty()) {
            endOfLists();
        }
    }

    /**
     * rsync: flist_sort_and_clean + add_dirs_to_tree on the sender — the list sorted as the client
     * sorts it; its directories numbered in that order, and each (but ".") to be listed after the
     * list of this one and before this one's next sibling.
     */
    private void register(List<SenderFile> sent, SenderFile parent, long charged) throws SessionException {
        List<SenderFile> sorted = new ArrayList<>(sent);
        sorted.sort(FileOrder.INSTANCE);
        List<Pending> children = new ArrayList<>();
        Pending last = null;
        for (SenderFile f : sorted) {
            if (f.isRegular() || FileMode.isSymlink(f.mode())) {
                totalSize += f.entry.size();
            }
            if (!f.isDirectory()) {
                continue;
            }
            int dirNdx = dirCount++;
            if (isDot(f)) {
                continue;
            }
            if (last != null && Arrays.equals(last.parts.get(0).wireName, f.wireName)) {
                last.parts.add(f); // rsync: FLAG_DUPLICATE — listed together, under the first's number
                continue;
            }
            last = new Pending(dirNdx, new ArrayList<>(List.of(f)));
            children.add(last);
        }
        for (int i = children.size() - 1; i >= 0; i--) {
            toSend.push(children.get(i));
        }
        long next = (long) nextNdx + sorted.size() + 1;
        if (next >= Integer.MAX_VALUE / 2) {
            throw new SessionException(ExitCode.MALLOC, "rsync: the file lists exceed the protocol's index range");
        }
        held.add(new Sent(nextNdx, sorted, parent, charged));
        nextNdx = (int) next;
        fileTotal += sorted.size();
        files += sorted.size();
    }

    private static boolean isDot(SenderFile f) {
        return f.wireName.length == 1 && f.wireName[0] == '.' && f.isDirectory();
    }

    @Override
    public SenderFile get(int ndx) throws SessionException {
        int i = find(ndx);
        if (i < 0) {
            throw new SessionException(ExitCode.PROTOCOL, "rsync: Invalid file index: " + ndx + " (not in a list "
                    + "held: " + (held.size() > head ? held.get(head).ndxStart - 1 : nextNdx) + " - " + (nextNdx - 2)
                    + ") [sender]");
        }
        Sent s = held.get(i);
        // rsync: read_ndx_and_attrs moves cur_flist; file_old_total counts the lists up to it
        while (cur < i) {
            oldTotal += held.get(++cur).sorted.size();
        }
        while (cur > i) {
            oldTotal -= held.get(cur--).sorted.size();
        }
        if (ndx == s.ndxStart - 1) {
            if (s.parent == null) {
                throw new SessionException(ExitCode.PROTOCOL, "rsync: Invalid file index: " + ndx
                        + " (the first list has no directory) [sender]");
            }
            return s.parent;
        }
        return s.sorted.get(ndx - s.ndxStart);
    }

    /** The place in held of the list that has {@code ndx} (or its directory), -1 when none. */
    private int find(int ndx) {
        int lo = head;
        int hi = held.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Sent s = held.get(mid);
            if (ndx < s.ndxStart - 1) {
                hi = mid - 1;
            } else if (ndx >= s.ndxStart + s.sorted.size()) {
                lo = mid + 1;
            } else {
                return s.covers(ndx) ? mid : -1;
            }
        }
        return -1;
    }

    @Override
    public boolean listDone() throws IOException {
        if (head >= held.size()) {
            return false;
        }
        Sent s = held.get(head);
        held.set(head, null);
        head++;
        fileTotal -= s.sorted.size();
        if (cur < head) {
            cur = head;
            oldTotal = head < held.size() ? held.get(head).sorted.size() : 0;
        } else {
            oldTotal -= s.sorted.size();
        }
        reservation.release(s.charged);
        if (head > 64 && head * 2 > held.size()) {
            held.subList(0, head).clear();
            cur -= head;
            head = 0;
        }
        if (head < held.size()) {
            return true;
        }
        if (!eof) {
            throw new SessionException(ExitCode.PROTOCOL, "rsync: the client finished every file list before "
                    + "the last was sent [sender]");
        }
        return false;
    }

    @Override
    public void beforeRequest() throws IOException {
        sendExtra(MIN_LOOKAHEAD);
    }

    @Override
    public void whileWaiting() throws IOException {
        sendExtra(MAX_LOOKAHEAD);
    }
}
