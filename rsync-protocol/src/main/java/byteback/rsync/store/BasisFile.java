package byteback.rsync.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A stored regular file opened for reading (the basis for the generator's block checksums and the
 * receiver's matched blocks). Positional reads only: several readers may use one file. Opened
 * without following symlinks; reads the inode that was opened even if the name is replaced.
 */
public interface BasisFile extends Closeable {
    /** The file's size when it was opened. */
    long size();

    /**
     * Reads up to {@code dst.remaining()} bytes at {@code position} (rsync: pread).
     *
     * @return the number of bytes read, 0 at or beyond the end of the file
     */
    int read(long position, ByteBuffer dst) throws IOException;

    /**
     * Reads exactly {@code len} bytes at {@code position} into {@code buf}.
     *
     * @throws java.io.EOFException when the file ends first
     */
    void readFully(long position, byte[] buf, int off, int len) throws IOException;

    @Override
    void close() throws IOException;
}
