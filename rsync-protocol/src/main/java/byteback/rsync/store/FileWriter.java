package byteback.rsync.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Writes one regular file's content (rsync: receiver.c receive_data). Created by
 * {@link Store#beginFile}; either in a temp file {@code .<name>.XXXXXX} beside the target that
 * {@link #commit} renames over it, or in place in the target itself ({@code --inplace}).
 *
 * <p>Writes go to the current position, which {@link #skip} moves forward (a block that is
 * already in place). With sparse writing on, leading and trailing runs of zero bytes of each
 * write are skipped instead of written (rsync: fileio.c write_sparse); in place, over old content,
 * such a run is punched out so that it reads as zeros (rsync: do_punch_hole). The file's final length is the position at
 * {@link #commit}.
 *
 * <p>One thread at a time. Exactly one of {@link #commit} or {@link #abort} ends it;
 * {@link #close} without {@link #commit} aborts.
 */
public interface FileWriter extends Closeable {
    /** Writes all of {@code src} at the current position and advances it. */
    void write(ByteBuffer src) throws IOException;

    /** Writes {@code len} bytes of {@code buf} at the current position and advances it. */
    void write(byte[] buf, int off, int len) throws IOException;

    /** Moves the position {@code n} bytes forward without writing (leaves what is there). */
    void skip(long n) throws IOException;

    /** The current position (bytes from the start of the file). */
    long position();

    /**
     * Makes the content final: truncates the file at {@link #position()}, stores {@code meta} as
     * rsync's finish_transfer does (rsync.c set_file_attrs with the basis as {@code fnamecmp}: the
     * stored ACLs read first, mode and {@code %stat}, the xattrs when {@code meta.xattrs()} is non-null
     * &mdash; removing other {@code user.*} ones, even {@code %aacl} of a file written in place &mdash;
     * the exact mtime, the ACLs where they differ) and, for a temp file, renames it over the target, replacing
     * whatever entry was there (a directory is deleted recursively first, a symlink is replaced,
     * never followed). {@code meta.mode()} is a regular file's (or, for a
     * file that stands for one, a symlink's, device's, fifo's or socket's).
     */
    void commit(FileMetadata meta) throws IOException;

    /**
     * Gives up: a temp file is deleted and the target stays as it was; a file written in place
     * keeps what was written so far (as with rsync --inplace). Never throws for cleanup failures
     * it can ignore; safe to call twice and after a failed {@link #commit}.
     */
    void abort();

    /** {@link #abort()} unless committed. */
    @Override
    void close();
}
