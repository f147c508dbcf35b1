package byteback.rsync.generator;

import byteback.rsync.session.ClientMessages;
import byteback.rsync.session.ListedFile;
import byteback.rsync.session.TransferStats;
import byteback.rsync.store.FileMode;
import byteback.rsync.store.Store;
import byteback.rsync.store.StoredEntry;
import byteback.rsync.store.StorePath;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
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

    public Deletions(List<ListedFile> files, Store store, TransferStats stats, ClientMessages messages,
            DeletionFilter filter) {
        this.files = files;
        this.store = store;
        this.stats = stats;
        this.messages = messages;
        this.filter = filter;
        for (ListedFile f : files) {
            if (f != null && !f.path().isRoot()) {
                children.computeIfAbsent(f.path().parent(), k -> new HashSet<>()).add(ByteBuffer.wrap(f.path().name()));
            }
        }
    }

    /** rsync: delete_in_dir for one directory of the list. */
    /** No deletions at all (rsync: after an I/O error on the client, without --ignore-errors). */
    public void disable() {
        disabled = true;
    }

    public void deleteIn(ListedFile dir, boolean delay) {
        if (disabled || !dir.contentDir()) {
            return;
        }
        try {
            StoredEntry st = store.lookup(dir.path());
            if (st == null || !st.isDirectory()) {
                return;
            }
            Set<ByteBuffer> keep = children.getOrDefault(dir.path(), Set.of());
            for (byte[] name : store.list(dir.path())) {
                if (keep.contains(ByteBuffer.wrap(name))) {
                    continue;
                }
                StorePath victim = dir.path().resolve(name);
                StoredEntry v = store.lookup(victim);
                if (v == null || filter.protects(victim, v.isDirectory())) {
                    continue;
                }
                if (delay) {
                    delayed.add(victim);
                } else {
                    delete(victim, v);
                }
            }
        } catch (IOException e) {
            messages.fileError("rsync: delete in " + dir.displayName() + " failed: " + e.getMessage());
        }
    }

    /** rsync: do_delete_pass — every content directory of the list. */
    public void deleteAll() {
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
                delete(p, v);
            }
        }
        delayed.clear();
    }

    private void delete(StorePath victim, StoredEntry v) {
        try {
            store.delete(victim);
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
                stats.deletedFiles.incrementAndGet();
            }
        } catch (IOException e) {
            messages.fileError("rsync: delete of " + victim + " failed: " + e.getMessage());
        }
    }
}
