package byteback.rsync.receiver;

import byteback.rsync.flist.FileList;
import byteback.rsync.flist.FileListLimits;
import byteback.rsync.flist.FileListReader;
import byteback.rsync.memory.Reservation;
import byteback.rsync.session.IdMapper;
import byteback.rsync.store.StorePath;
import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireInput;
import java.io.IOException;
import java.util.AbstractList;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.RandomAccess;
import java.util.function.IntConsumer;

/**
 * The file lists of a receive with incremental recursion (rsync: flist.c's chain of file lists
 * from first_flist, and dir_flist): the first list, then one list per directory as the client
 * sends them between the file data ({@code NDX_FLIST_OFFSET - dir}, rsync: io.c
 * read_ndx_and_attrs and recv_file_list). A list holds the entries of one directory; list k
 * numbers its entries from its start index on, and its start index minus one names its
 * directory. Only the lists in flight are held: the receiver frees the oldest when the client
 * echoes the generator's NDX_DONE for it (rsync: flist_free), and gives its memory back. Every
 * directory is kept to the end (rsync's dir_flist), for the sub-list references and the
 * directory times.
 *
 * <p>As a {@code List}, index {@code ndx} is the entry with that protocol index among the lists
 * still held (null when freed or never sent); the receiver thread reads sub-lists and frees lists,
 * the generator takes each new list once ({@link #takeArrived}).
 */
public final class IncrementalLists extends AbstractList<ListedFile> implements RandomAccess {
    /** Bytes a kept directory is charged beyond its path (its record, attributes, references). */
    private static final int DIR_OVERHEAD = 256;

    /** One file list: the first, or the contents of one directory. */
    public static final class Segment {
        private final int ndxStart;
        private final ListedFileList files;
        private final ListedFile parent;
        private final int ioError;
        private final FileList compact;
        /** Transfers (and hard links) of this list not finished yet; the generator's own count. */
        int inProgress;

        Segment(int ndxStart, ListedFileList files, ListedFile parent, int ioError, FileList compact) {
            this.ndxStart = ndxStart;
            this.files = files;
            this.parent = parent;
            this.ioError = ioError;
            this.compact = compact;
        }

        /** The protocol index of the list's first entry (rsync: ndx_start). */
        public int ndxStart() {
            return ndxStart;
        }

        /** The entries, position i having protocol index ndxStart + i (null: a removed duplicate). */
        public ListedFileList files() {
            return files;
        }

        /** The directory whose contents this is, under index ndxStart - 1; null for a first list without ".". */
        public ListedFile parent() {
            return parent;
        }

        /** The client's io_error bits sent at the end of this list. */
        public int ioError() {
            return ioError;
        }

        /** The entry with protocol index {@code ndx} (the parent at ndxStart - 1), or null. */
        ListedFile get(int ndx) {
            if (ndx == ndxStart - 1) {
                return parent;
            }
            int i = ndx - ndxStart;
            return i >= 0 && i < files.size() ? files.get(i) : null;
        }

        boolean covers(int ndx) {
            return ndx >= ndxStart - 1 && ndx < ndxStart + files.size();
        }
    }

    private final FileListReader reader;
    private final IdMapper ids;
    private final Reservation reservation;
    private volatile IntConsumer ioErrors = bits -> { };
    private final int maxDirs = FileListLimits.defaults().maxEntries();
    /** rsync: dir_flist — every directory received, in list order, each list's sorted (null: removed). */
    private final List<ListedFile> dirs = new ArrayList<>();
    private final BitSet dirHasList = new BitSet();
    /** The lists the client may still name, oldest first (receiver thread). */
    private final List<Segment> live = new ArrayList<>();
    /** Lists read but not yet taken by the generator (guarded by this). */
    private final ArrayDeque<Segment> arrived = new ArrayDeque<>();
    private int nextNdx = 1;
    /** Entries read over all lists (the directories named again as parents not counted twice). */
    private volatile long entriesRead;
    private volatile boolean eof;
    private long dirBytes;

    /** Reads the first list (rsync: recv_file_list with dir_ndx -1). */
    static IncrementalLists readFirst(WireInput in, FileListReader reader, IdMapper ids, Reservation reservation)
            throws IOException {
        IncrementalLists lists = new IncrementalLists(reader, ids, reservation);
        lists.read(in, -1);
        return lists;
    }

    private IncrementalLists(FileListReader reader, IdMapper ids, Reservation reservation) {
        this.reader = reader;
        this.ids = ids;
        this.reservation = reservation;
    }

    /** Who is told the io_error bits of each later list (the first list's are in the read result). */
    public void ioErrors(IntConsumer c) {
        this.ioErrors = c;
    }

    /** The io_error bits sent with the first list. */
    int firstIoError() {
        return live.isEmpty() ? 0 : live.get(0).ioError;
    }

    /**
     * rsync: rsync.c read_ndx_and_attrs for {@code NDX_FLIST_OFFSET - dirNdx}: the list of that
     * directory's contents follows. Refused: an unknown, removed or already listed directory, and
     * entries that are not in that directory.
     */
    void readSubList(WireInput in, int dirNdx) throws IOException {
        if (eof) {
            throw new ProtocolException("a file list after the end of the file lists");
        }
        synchronized (this) {
            if (dirNdx < 0 || dirNdx >= dirs.size()) {
                throw new ProtocolException("Invalid dir index: " + dirNdx + " (0 - " + (dirs.size() - 1) + ")");
            }
            if (dirs.get(dirNdx) == null) {
                throw new ProtocolException("refusing flist for cleared dir_ndx " + dirNdx);
            }
            if (dirHasList.get(dirNdx)) {
                throw new ProtocolException("refusing duplicate flist for dir " + dirNdx);
            }
            dirHasList.set(dirNdx);
        }
        read(in, dirNdx);
    }

    private void read(WireInput in, int dirNdx) throws IOException {
        int ndxStart = nextNdx;
        FileList list = reader.readIncremental(in, ndxStart);
        ListedFileList files = new ListedFileList(list, ids, ndxStart);
        ListedFile parent;
        synchronized (this) {
            parent = dirNdx >= 0 ? dirs.get(dirNdx) : null;
        }
        StorePath expected = parent != null ? parent.path() : StorePath.ROOT;
        List<ListedFile> newDirs = new ArrayList<>();
        long charge = 0;
        for (int i = 0; i < list.size(); i++) {
            byte[] name = list.pathOf(i);
            if (name != null) {
                StorePath p = StorePath.parse(name);
                if (!p.isRoot() && !expected.equals(p.parent())) {
                    throw new ProtocolException("ABORTING due to invalid path from sender: "
                            + new String(name, java.nio.charset.StandardCharsets.UTF_8));
                }
            }
            if (list.isDirectory(i)) {
                ListedFile d = files.get(i);
                newDirs.add(d);
                charge += DIR_OVERHEAD + (d == null ? 0 : d.path().bytes().length);
            }
        }
        if (dirNdx < 0) {
            // rsync: the first list's directory is "." when its first entry is "." (dir_flist[0])
            ListedFile first = files.isEmpty() ? null : files.get(0);
            parent = first != null && first.path().isRoot() && first.isDirectory() ? first : null;
        }
        if (reservation != null && charge > 0) {
            reservation.reserve(charge);
        }
        Segment s = new Segment(ndxStart, files, parent == null ? null : parent.withNdx(ndxStart - 1),
                list.ioError(), list);
        synchronized (this) {
            if (dirs.size() + newDirs.size() > maxDirs) {
                throw new ProtocolException("more than " + maxDirs + " directories in the file lists (limit)");
            }
            dirs.addAll(newDirs);
            dirBytes += charge;
            live.add(s);
            arrived.add(s);
        }
        long next = (long) ndxStart + list.size() + 1;
        if (next >= Integer.MAX_VALUE / 2) {
            throw new ProtocolException("file lists exceed the protocol's index range");
        }
        nextNdx = (int) next;
        entriesRead += list.size();
        if (dirNdx >= 0 && list.ioError() != 0) {
            ioErrors.accept(list.ioError());
        }
    }

    /** Entries read so far over all lists. */
    public long entriesRead() {
        return entriesRead;
    }

    /** rsync: NDX_FLIST_EOF — the client has sent all its lists. */
    void endOfLists() {
        eof = true;
    }

    /** Whether the client has sent all its lists. */
    boolean eof() {
        return eof;
    }

    /** The next list the generator has not had yet, or null. */
    synchronized Segment takeArrived() {
        return arrived.poll();
    }

    /** Whether no list will come any more for the generator. */
    synchronized boolean ended() {
        return eof && arrived.isEmpty();
    }

    /**
     * The client echoed the generator's NDX_DONE for the oldest list: it is freed and its memory
     * given back (rsync: receiver.c recv_files, flist_free). Returns whether lists remain; when
     * none did, the NDX_DONE ends a phase instead.
     */
    boolean freeFirst() {
        Segment s;
        synchronized (this) {
            if (live.isEmpty()) {
                return false;
            }
            s = live.remove(0);
        }
        reader.release(s.compact);
        synchronized (this) {
            return !live.isEmpty();
        }
    }

    /** Every directory received so far, in dir_flist order (null: a removed duplicate). */
    synchronized List<ListedFile> directories() {
        return new ArrayList<>(dirs);
    }

    @Override
    public synchronized ListedFile get(int ndx) {
        Segment s = find(live, ndx);
        return s == null ? null : s.get(ndx);
    }

    /** One past the highest protocol index given so far. */
    @Override
    public synchronized int size() {
        return nextNdx;
    }

    /** The list among {@code segments} (ordered by start) that holds {@code ndx}, or null. */
    static Segment find(List<Segment> segments, int ndx) {
        int lo = 0;
        int hi = segments.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            Segment s = segments.get(mid);
            if (ndx < s.ndxStart - 1) {
                hi = mid - 1;
            } else if (ndx >= s.ndxStart + s.files.size()) {
                lo = mid + 1;
            } else {
                return s;
            }
        }
        return null;
    }
}
