package byteback.rsync.sender;

import byteback.rsync.store.BasisFile;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A sliding window over a file being sent (rsync: fileio.c map_ptr): the bytes of a range are in
 * {@link #buf} at {@link #index}. Past the end of what can be read (the file shrank), zeros, and
 * {@link #readError()} says so (rsync then sends a bad whole-file checksum).
 */
final class FileWindow {
    byte[] buf;
    private BasisFile file;
    private long length;
    private long start;
    private int filled;
    private boolean readError;

    FileWindow(int capacity) {
        this.buf = new byte[capacity];
    }

    /** Starts on another file; the buffer grows to {@code capacity} when smaller (it is reused). */
    void reset(BasisFile file, long length, int capacity) {
        this.file = file;
        this.length = length;
        this.start = 0;
        this.filled = 0;
        this.readError = false;
        if (buf.length < capacity) {
            buf = new byte[capacity];
        }
    }

    /** Makes {@code [pos, pos + n)} available; returns its index in {@link #buf}. */
    int map(long pos, int n) throws IOException {
        if (pos >= start && pos + n <= start + filled) {
            return (int) (pos - start);
        }
        if (n > buf.length) {
            throw new IllegalArgumentException("window of " + buf.length + " asked for " + n);
        }
        int keep = 0;
        if (pos >= start && pos < start + filled) {
            keep = (int) (start + filled - pos);
            System.arraycopy(buf, (int) (pos - start), buf, 0, keep);
        }
        start = pos;
        filled = keep;
        int want = (int) Math.min(buf.length, length - pos);
        ByteBuffer dst = ByteBuffer.wrap(buf);
        while (filled < want) {
            dst.limit(want).position(filled);
            int r = file.read(pos + filled, dst);
            if (r <= 0) {
                java.util.Arrays.fill(buf, filled, want, (byte) 0);
                readError = true;
                filled = want;
                break;
            }
            filled += r;
        }
        if (pos + n > start + filled) {
            throw new IllegalArgumentException("read past the end of the file: " + (pos + n) + " > " + length);
        }
        return 0;
    }

    boolean readError() {
        return readError;
    }
}
