package byteback.rsync.store;

import java.io.IOException;

/**
 * Observes what is written into a store: the server's size guard and low-space pruning. File
 * content comes through {@link #beforeWrite}/{@link #written} (not holes skipped by sparse
 * writing); entries and xattrs through {@link #metadata}, at {@link MetadataCost}'s estimate.
 */
public interface WriteListener {
    WriteListener NONE = new WriteListener() {};

    /**
     * Called before {@code bytes} more bytes are written. May block (while space is freed) or
     * throw to stop the write; the {@link FileWriter} then stays usable only for
     * {@link FileWriter#abort()}.
     */
    default void beforeWrite(long bytes) throws IOException {}

    /** Called after {@code bytes} bytes were written. */
    default void written(long bytes) {}

    /**
     * Called as the store adds metadata, with what it costs the filesystem ({@link MetadataCost}):
     * before it makes an entry (a file, directory, symlink, device or hard link) and after it set
     * xattrs. May throw to stop the transfer: no entry is then made; a
     * {@link byteback.rsync.protocol.SessionException} ends the whole session with its message
     * (any other IOException fails that one entry, as rsync does).
     */
    default void metadata(long bytes) throws IOException {}

    /**
     * Called as the store changes an existing entry without adding one: sets its attributes or
     * deletes it. btrfs then copies the tree blocks that hold it (snapshots keep the old ones),
     * which no estimate counts: a point where a listener that measures what the filesystem
     * really uses may look and stop the transfer, as {@link #metadata} may.
     */
    default void changed() throws IOException {}
}
