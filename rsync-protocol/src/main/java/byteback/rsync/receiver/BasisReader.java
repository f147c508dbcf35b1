package byteback.rsync.receiver;

import byteback.rsync.store.BasisFile;
import java.io.IOException;

/**
 * Matched blocks of the basis file for the receiver (rsync: fileio.c map_file / map_ptr): a
 * read-ahead window so that runs of matching blocks cost few reads.
 */
final class BasisReader {
    private static final int WINDOW = 1 << 20;

    private final BasisFile file;
    private byte[] buf = new byte[0];
    private long start = -1;
    private int len;

    BasisReader(BasisFile file) {
        this.file = file;
    }

    long size() {
        return file.size();
    }

    /** Makes [offset, offset+n) available; returns where it starts in {@link #buffer()}. */
    int map(long offset, int n) throws IOException {
        if (start >= 0 && offset >= start && offset + n <= start + len) {
            return (int) (offset - start);
        }
        int want = (int) Math.min(Math.max(WINDOW, n), file.size() - offset);
        if (want < n) {
            throw new java.io.EOFException("basis file shorter than its block sums");
        }
        if (buf.length < want) {
            buf = new byte[want];
        }
        file.readFully(offset, buf, 0, want);
        start = offset;
        len = want;
        return 0;
    }

    byte[] buffer() {
        return buf;
    }
}
