package byteback.rsync.receiver;

import byteback.rsync.store.StorePath;
import byteback.rsync.wire.ProtocolException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Hard links with incremental recursion (rsync: hlink.c with inc_recurse). A group may go on in
 * later lists: each list's members are chained from last to first as the list comes
 * (match_gnums); across lists a group is remembered by its number, first as "in progress" with
 * the index of its last member seen, then, once one member is complete, by that member's path
 * (prior_hlinks), which later members are linked to. In a list, a member waits for one being
 * transferred, a missing member that is not its list's last waits for a later one, and a
 * complete member (transferred or already right) has the members waiting on it linked to it
 * (hard_link_check, finish_hard_link). Generator thread only.
 */
final class IncrementalHardLinks {
    static final int FIRST = 1;
    static final int LAST = 2;
    static final int DONE = 4;
    static final int SENT = 8;

    /** One hard-linked entry of a list still held. */
    static final class Link {
        final ListedFile file;
        final IncrementalLists.Segment list;
        int prev = -1;
        int flags;

        Link(ListedFile file, IncrementalLists.Segment list) {
            this.file = file;
            this.list = list;
        }

        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    /** Makes {@code f} a hard link to {@code target} (or finds it one already) and reports it. */
    @FunctionalInterface
    interface Linker {
        void link(ListedFile f, StorePath target) throws IOException;
    }

    private final Map<Integer, Link> links = new HashMap<>();
    /** Group number → Integer (index of its last member seen, not complete yet) or StorePath (complete). */
    private final Map<Integer, Object> prior = new HashMap<>();
    private final Map<IncrementalLists.Segment, List<Integer>> byList = new HashMap<>();

    /** rsync: hlink.c match_hard_links / match_gnums for a list as it comes. */
    void match(IncrementalLists.Segment list) throws ProtocolException {
        List<ListedFile> members = new ArrayList<>();
        ListedFileList files = list.files();
        for (int i = 0; i < files.size(); i++) {
            ListedFile f = files.get(i);
            if (f != null && f.hardLinkGroup() >= 0 && !f.isDirectory()) {
                members.add(f);
            }
        }
        if (members.isEmpty()) {
            return;
        }
        members.sort(Comparator.comparingInt(ListedFile::hardLinkGroup)); // stable: list order within a group
        List<Integer> held = new ArrayList<>(members.size());
        byList.put(list, held);
        for (int from = 0; from < members.size();) {
            int group = members.get(from).hardLinkGroup();
            int to = from;
            while (to < members.size() && members.get(to).hardLinkGroup() == group) {
                to++;
            }
            Object node = prior.get(group);
            int prev = -1;
            boolean inProgress = true;
            boolean first = false;
            if (node == null) {
                if (group < list.ndxStart()) {
                    throw new ProtocolException("hard-link gnum " + group + " precedes flist start " + list.ndxStart());
                }
                first = true;
            } else if (node instanceof Integer last) {
                Link l = links.get(last);
                if (l != null) {
                    l.flags &= ~LAST;
                    prev = last;
                } else {
                    first = true; // the earlier members were all finished without one of them completing
                }
            } else {
                inProgress = false; // linked to the complete member's path
            }
            Link l = null;
            for (int i = from; i < to; i++) {
                ListedFile f = members.get(i);
                l = new Link(f, list);
                if (i == from && first) {
                    l.flags |= FIRST;
                }
                l.prev = prev;
                prev = f.ndx();
                links.put(f.ndx(), l);
                held.add(f.ndx());
            }
            l.flags |= LAST;
            if (inProgress) {
                prior.put(group, l.file.ndx());
            }
            from = to;
        }
    }

    /** The hard-link state of {@code f}, or null when it is not hard-linked. */
    Link of(ListedFile f) {
        return f.hardLinkGroup() < 0 ? null : links.get(f.ndx());
    }

    /** A list is finished: its members are forgotten (rsync: flist_free). */
    void forget(IncrementalLists.Segment list) {
        List<Integer> held = byList.remove(list);
        if (held != null) {
            for (int ndx : held) {
                links.remove(ndx);
            }
        }
    }

    /** The first earlier member still held, or null (rsync: check_prior, the list part). */
    private Link livePrior(Link l) {
        int p = l.prev;
        while (p >= 0) {
            Link pl = links.get(p);
            if (pl == null) {
                break;
            }
            return pl;
        }
        return null;
    }

    /** The complete member's path of {@code l}'s group, or null. */
    private StorePath completePath(Link l) {
        return prior.get(l.file.hardLinkGroup()) instanceof StorePath p ? p : null;
    }

    /**
     * rsync: hlink.c hard_link_check, for a member that is not its group's first: links it to a
     * complete member, or lets it wait for one being transferred. Returns true when {@code l} is
     * handled (linked or waiting), false when it is to be processed as a file of its own.
     */
    boolean check(Link l, Linker linker) throws IOException {
        Link prev = livePrior(l);
        StorePath target;
        if (prev == null) {
            target = completePath(l);
            if (target == null) {
                l.prev = -1;
                return false; // a virtual first: the earlier members were skipped
            }
        } else if (!prev.has(DONE)) {
            if (prev.has(SENT)) { // wait for its transfer: linked when it completes
                l.prev = prev.prev;
                prev.prev = l.file.ndx();
                l.flags |= SENT;
                l.list.inProgress++;
                return true;
            }
            return false; // looking for a leader
        } else {
            Link lead = prev;
            if (!prev.has(FIRST)) {
                Link before = livePrior(prev);
                if (before != null) {
                    lead = before;
                    l.prev = before.file.ndx();
                } else {
                    l.prev = -1;
                    lead = null;
                }
            }
            target = lead != null ? lead.file.path() : completePath(l);
            if (target == null) {
                return false;
            }
        }
        linker.link(l.file, target);
        l.flags |= DONE;
        return true;
    }

    /**
     * rsync: hlink.c recv_generator's F_HLINK_NOT_LAST for a missing file — a member that is not
     * its list's last waits for a later one (true: it is counted in progress).
     */
    boolean deferMissing(Link l) {
        if (l.has(LAST)) {
            return false;
        }
        l.list.inProgress++;
        return true;
    }

    /** A transfer of the member was asked for (rsync: FLAG_FILE_SENT). */
    void sent(Link l) {
        l.flags |= SENT;
    }

    /**
     * rsync: hlink.c finish_hard_link — {@code l} is complete: every member waiting on it is
     * linked to it, and its group is remembered by its path for later lists.
     */
    void finish(Link l, Linker linker) throws IOException {
        l.flags |= FIRST | DONE;
        int p = l.prev;
        l.prev = -1;
        StorePath path = l.file.path();
        while (p >= 0) {
            Link w = links.get(p);
            if (w == null) {
                break;
            }
            w.flags = (w.flags & ~FIRST) | DONE;
            p = w.prev;
            w.prev = l.file.ndx();
            linker.link(w.file, path);
            w.list.inProgress--;
        }
        prior.put(l.file.hardLinkGroup(), path);
    }
}
