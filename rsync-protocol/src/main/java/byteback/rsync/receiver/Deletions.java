package byteback.rsync.receiver;

import byteback.rsync.session.ClientMessages;
import byteback.rsync.session.TransferStats;
import byteback.rsync.protocol.FileMode;
import byteback.rsync.store.Store;
import byteback.rsync.store.StoredEntry;
import byteback.rsync.store.StorePath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Deleting what the client no longer has (rsync: generator.c delete_in_dir, do_delete_pass):
 * in each directory whose contents were sent, every stored name that is not in the file list
 * and not protected by the filter rules.
 */
public final class Deletions {
    private final List<ListedFile> files;
    private final Store store;
    private final TransferStats stats;
    private final ClientMessages messages;
    private final DeletionFilter filter;
    private final Map<StorePath, Set<ByteBuffer>> children = new HashMap<>();
    private final List<StorePath> delayed = new ArrayList<>();
    private boolean disabled;
    private final ListedFileList listed;

    public Deletions(List<ListedFile> files, Store store, TransferStats stats, ClientMessages messages,
            DeletionFilter filter) {
        this.files = files;
        this.store = store;
        this.stats = stats;
        this.messages = messages;
        this.filter = filter;
        // a compact list answers "does the client have this path?" itself; any other list is indexed here
        this.listed = files instanceof ListedFileList l ? l : null;
        for (ListedFile f : listed != null || files instanceof IncrementalLists ? List.<ListedFile>of() : files) {
            if (f != null && !f.path().isRoot()) {
                children.computeIfAbsent(f.path().parent(), k -> new HashSet<>()).add(ByteBuffer.wrap(f.path().name()));
            }
        }
    }

    /** No deletions at all (rsync: after an I/O error on the client, without --ignore-errors). */
    public void disable() {
        disabled = true;
    }

    /** Whether deletions were turned off. */
    public boolean disabled() {
        return disabled;
    }

    /** rsync: generator.c delete_in_dir for one directory of the list. */
    public void deleteIn(ListedFile dir, boolean delay) throws IOException {
        deleteIn(dir, delay, listed);
    }

    /**
     * As {@link #deleteIn(ListedFile, boolean)}, keeping what {@code contents} lists: with
     * incremental recursion, the list of the directory's contents (rsync: flist_find in cur_flist).
     */
    public void deleteIn(ListedFile dir, boolean delay, ListedFileList contents) throws IOException {
        ListedFileList listed = contents;
        if (disabled || !dir.contentDir()) {
            return;
        }
        try {
            StoredEntry st = store.lookup(dir.path());
            if (st == null || !st.isDirectory()) {
                return;
            }
            Set<ByteBuffer> keep = children.getOrDefault(dir.path(), Set.of());
            for (byte[] name : sortedDescending(store.list(dir.path()))) {
                StorePath victim = dir.path().resolve(name);
                if (listed != null ? listed.contains(victim) : keep.contains(ByteBuffer.wrap(name))) {
                    continue;
                }
                StoredEntry v = store.lookup(victim);
                if (v == null || filter.protects(victim, v.isDirectory())) {
                    continue;
                }
                if (delay) {
                    delayed.add(victim);
                } else {
                    deleteItem(victim, v);
                }
            }
        } catch (byteback.rsync.protocol.SessionException e) {
            throw e;
        } catch (IOException e) {
            messages.fileError("rsync: delete in " + dir.displayName() + " failed: " + e.getMessage());
        }
    }

    /** rsync: do_delete_pass — every content directory of the list. */
    public void deleteAll() throws IOException {
        for (ListedFile f : files) {
            if (f != null && f.isDirectory()) {
                deleteIn(f, false);
            }
        }
    }

    /** rsync: do_delayed_deletions (--delete-delay). */
    public void deleteDelayed() throws IOException {
        for (StorePath p : delayed) {
            StoredEntry v = store.lookup(p);
            if (v != null) {
                deleteItem(p, v);
            }
        }
        delayed.clear();
    }

    /**
     * rsync: delete.c delete_item with DEL_RECURSE — a directory's contents first, each one
     * reported to the client and counted, entries the filter rules protect (perishable rules
     * aside) left in place, and with them every directory above them.
     */
    private void deleteItem(StorePath victim, StoredEntry v) throws IOException {
        if (v.isDirectory() && !deleteContents(victim)) {
            return;
        }
        deleteEntry(victim, v);
    }

    /**
     * Empties a directory that an entry of another type replaces (rsync: delete.c delete_item with
     * DEL_MAKE_ROOM | DEL_RECURSE): its contents are deleted, reported and counted like other
     * deletions; the directory itself is left to the caller. Returns whether it is now empty.
     */
    public boolean clearForReplacement(StorePath dir) throws IOException {
        return deleteContents(dir);
    }

    /** rsync: delete.c delete_dir_contents. Returns whether the directory is now empty. */
    private boolean deleteContents(StorePath dir) throws IOException {
        boolean empty = true;
        for (byte[] name : sortedDescending(store.list(dir))) {
            StorePath child = dir.resolve(name);
            StoredEntry c = store.lookup(child);
            if (c == null) {
                continue;
            }
            if (filter.protects(child, c.isDirectory(), true)) {
                empty = false;
                continue;
            }
            if (c.isDirectory() && !deleteContents(child)) {
                empty = false;
                // rsync still tries the rmdir, which fails and says so a second time
                messages.info("cannot delete non-empty directory: " + display(child));
                continue;
            }
            empty &= deleteEntry(child, c);
        }
        if (!empty) {
            messages.info("cannot delete non-empty directory: " + display(dir));
        }
        return empty;
    }

    /** Removes one entry (a directory only once it is empty), tells the client, counts it. */
    private boolean deleteEntry(StorePath victim, StoredEntry v) {
        try {
            store.delete(victim);
        } catch (IOException e) {
            messages.fileError("rsync: delete_file: " + (v.isDirectory() ? "rmdir" : "unlink") + "("
                    + display(victim) + ") failed: " + e.getMessage());
            return false;
        }
        messages.deleted(victim.bytes(), v.isDirectory());
        int type = v.isDirectory() ? FileMode.S_IFDIR : v.type();
        if (type == FileMode.S_IFDIR) {
            stats.deletedDirs.incrementAndGet();
        } else if (type == FileMode.S_IFLNK) {
            stats.deletedSymlinks.incrementAndGet();
        } else if (FileMode.isDevice(type)) {
            stats.deletedDevices.incrementAndGet();
        } else if (FileMode.isSpecial(type)) {
            stats.deletedSpecials.incrementAndGet();
        } else {
            stats.deletedFiles.incrementAndGet(); // as rsync sends it: the regular files only
        }
        return true;
    }

    /** rsync walks a directory's sorted listing from its end. */
    private static List<byte[]> sortedDescending(List<byte[]> names) {
        List<byte[]> sorted = new ArrayList<>(names);
        sorted.sort((a, b) -> Arrays.compareUnsigned(b, a));
        return sorted;
    }

    private static String display(StorePath p) {
        return new String(p.bytes(), StandardCharsets.UTF_8);
    }
}
