package byteback.rsync.server;

import byteback.rsync.filter.MergeFileReader;
import byteback.rsync.store.BasisFile;
import byteback.rsync.protocol.FileMode;
import byteback.rsync.store.Store;
import byteback.rsync.store.StoredEntry;
import byteback.rsync.store.StorePath;
import byteback.rsync.store.UnsafePathException;
import java.io.IOException;

/**
 * Per-directory merge files (e.g. {@code .rsync-filter} under {@code -F}) read from the
 * destination through the store, so never through a symlink and never outside it (rsync:
 * exclude.c push_local_filters reading the receiver's own tree). Only a stored regular file
 * counts; anything else is an absent merge file.
 */
final class StoreMergeFiles implements MergeFileReader {
    private final Store store;

    StoreMergeFiles(Store store) {
        this.store = store;
    }

    @Override
    public byte[] read(byte[] relativePath, int maxBytes) throws IOException {
        StorePath path;
        try {
            path = StorePath.parse(relativePath);
        } catch (UnsafePathException e) {
            return null;
        }
        StoredEntry e = store.lookup(path);
        if (e == null || e.diskType() != StoredEntry.DiskType.REGULAR || !FileMode.isRegular(e.mode())) {
            return null;
        }
        try (BasisFile b = store.openBasis(path)) {
            if (b == null) {
                return null;
            }
            if (b.size() > maxBytes) {
                throw new IOException("longer than " + maxBytes + " bytes");
            }
            byte[] content = new byte[(int) b.size()];
            b.readFully(0, content, 0, content.length);
            return content;
        }
    }
}
