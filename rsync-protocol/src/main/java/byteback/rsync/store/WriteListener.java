package byteback.rsync.store;

import java.io.IOException;

/**
 * Observes the file data written into a store: the server's size guard and low-space pruning.
 * Only file content counts (not holes skipped by sparse writing, not metadata).
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
}
