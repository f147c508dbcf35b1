package byteback.rsync.store;

import byteback.rsync.protocol.FileMode;

import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Drives a {@link Store} the way rsync's generator and receiver drive the destination for
 * {@code rsync -aHAX --numeric-ids --delete --fake-super}: a minimal generator for the tests (quick
 * check on size and mtime, type changes, hard links, deletions, xattr-only updates), so that the
 * resulting tree can be compared with the one stock rsync writes.
 */
final class Replayer {
    private final Store store;
    private final boolean inplace;
    private final boolean sparse;
    private final boolean combined;

    /**
     * @param combined false: the generator's calls carry no xattrs and the receiver's xattr update is
     *                 a call of its own, as in rsync; true: every call carries the complete metadata
     *                 and there is no second call (the store must then still do what rsync does)
     */
    Replayer(Store store, boolean inplace, boolean sparse, boolean combined) {
        this.store = store;
        this.inplace = inplace;
        this.sparse = sparse;
        this.combined = combined;
    }

    void replay(Path src) throws Exception {
        List<Path> paths = new ArrayList<>();
        try (Stream<Path> s = Files.walk(src)) {
            s.forEach(paths::add);
        }
        SourceEntry.Attrs attrs = SourceEntry.Attrs.of(src);
        List<SourceEntry> entries = new ArrayList<>();
        for (Path p : paths) entries.add(SourceEntry.read(src, p, attrs));
        entries.sort((a, b) -> sp(a).compareTo(sp(b)));

        // rsync --delete (delete.c delete_in_dir): what the source no longer has goes first
        Set<StorePath> wanted = new HashSet<>();
        for (SourceEntry e : entries) wanted.add(sp(e));
        for (SourceEntry e : entries) {
            if (!FileMode.isDirectory(e.mode())) continue;
            StoredEntry d = store.lookup(sp(e));
            if (d == null || !d.isDirectory()) continue;
            for (byte[] name : store.list(sp(e))) {
                StorePath child = sp(e).resolve(name);
                if (!wanted.contains(child)) store.delete(child);
            }
        }

        Map<Long, StorePath> leaders = new HashMap<>();
        for (SourceEntry e : entries) {
            StorePath p = sp(e);
            StoredEntry old = store.lookup(p);
            FileMetadata generatorMeta = combined ? e.metadata() : e.metadata().withXattrs(null);
            FileMetadata receiverMeta = e.metadata();
            int type = FileMode.type(e.mode());
            boolean xattrsDiffer = old == null ? !e.xattrs().isEmpty() : !store.readXattrs(p).equals(sorted(e.xattrs()));
            if (type == FileMode.S_IFDIR) {
                store.makeDirectory(p, generatorMeta);
            } else if (type == FileMode.S_IFREG) {
                if (e.links() > 1 && leaders.containsKey(e.inode())) {
                    store.makeHardLink(p, leaders.get(e.inode()));
                    continue;
                }
                if (e.links() > 1) leaders.put(e.inode(), p);
                if (old != null && old.type() == FileMode.S_IFREG && old.size() == Files.size(e.path())
                        && old.mtime().equals(e.mtime())) {
                    store.setAttributes(p, generatorMeta); // unchanged: rsync's generator set_file_attrs
                } else {
                    transfer(e, p, old);
                    continue; // the receiver's finish_transfer set all attributes, xattrs included
                }
            } else if (type == FileMode.S_IFLNK) {
                if (old != null && old.type() == FileMode.S_IFLNK && Arrays.equals(old.symlinkTarget(), e.target())) {
                    store.setAttributes(p, generatorMeta);
                } else {
                    store.makeSymlink(p, e.target(), generatorMeta);
                    xattrsDiffer = !e.xattrs().isEmpty();
                }
            } else {
                if (old != null && old.type() == type && old.rdevMajor() == e.major() && old.rdevMinor() == e.minor()) {
                    store.setAttributes(p, generatorMeta);
                } else {
                    store.makeSpecial(p, generatorMeta);
                    xattrsDiffer = !e.xattrs().isEmpty();
                }
            }
            if (xattrsDiffer && !combined) store.setAttributes(p, receiverMeta); // receiver.c: ITEM_REPORT_XATTR
        }
        // generator.c touch_up_dirs: directory times after their contents, deepest first
        for (int i = entries.size() - 1; i >= 0; i--) {
            SourceEntry e = entries.get(i);
            if (FileMode.isDirectory(e.mode())) store.setMtime(sp(e), e.mtime());
        }
    }

    private void transfer(SourceEntry e, StorePath p, StoredEntry old) throws Exception {
        boolean inPlace = inplace && old != null && old.type() == FileMode.S_IFREG;
        try (FileWriter w = store.beginFile(p, inPlace, sparse); InputStream in = Files.newInputStream(e.path())) {
            byte[] buf = new byte[32 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                if (n > 100) { // exercise both write paths
                    w.write(ByteBuffer.wrap(buf, 0, n));
                } else {
                    w.write(buf, 0, n);
                }
            }
            w.commit(e.metadata());
        }
    }

    private static List<Xattr> sorted(List<Xattr> xs) {
        List<Xattr> l = new ArrayList<>(xs);
        l.sort((a, b) -> Arrays.compareUnsigned(a.name(), b.name()));
        return l;
    }

    private static StorePath sp(SourceEntry e) {
        try {
            return StorePath.parse(e.rel());
        } catch (UnsafePathException x) {
            throw new IllegalStateException(x);
        }
    }
}
