package byteback.rsync.receiver;

import byteback.rsync.flist.FileEntry;
import byteback.rsync.flist.FileList;
import byteback.rsync.session.IdMapper;
import byteback.rsync.store.StorePath;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * The received list as the generator and receiver see it: {@link ListedFile}s built on access from
 * the compact {@link FileList} (null where rsync cleared a duplicate), so a million files cost the
 * list's bytes, not a million records. Paths were checked when the list was read.
 */
public final class ListedFileList extends AbstractList<ListedFile> implements RandomAccess {
    private final FileList list;
    private final IdMapper ids;
    private final int ndxStart;

    ListedFileList(FileList list, IdMapper ids) {
        this(list, ids, 0);
    }

    /** A list whose entry {@code i} has protocol index {@code ndxStart + i} (incremental recursion). */
    ListedFileList(FileList list, IdMapper ids, int ndxStart) {
        this.list = list;
        this.ids = ids;
        this.ndxStart = ndxStart;
    }

    /** The compact list behind this view. */
    FileList fileList() {
        return list;
    }

    @Override
    /** The entry at position {@code ndx} of this list (its protocol index is ndxStart + ndx), or null. */
    public ListedFile get(int ndx) {
        FileEntry e = list.get(ndx);
        if (e.removed()) {
            return null;
        }
        try {
            return ListedFiles.convert(ndxStart + ndx, e, list, ids);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex); // checked in ListedFiles.read: cannot happen
        }
    }

    @Override
    public int size() {
        return list.size();
    }

    /** Whether an active entry of the list has this path (deletions keep what the client has). */
    public boolean contains(StorePath path) {
        return list.contains(path.isRoot() ? new byte[] {'.'} : path.bytes());
    }
}
