package byteback.rsync.receiver;

import byteback.rsync.store.StorePath;
import java.io.IOException;

/**
 * Whether the client's filter rules protect an extraneous entry from deletion (rsync: delete.c / exclude.c).
 * A {@link byteback.rsync.protocol.SessionException} (a bad rule in a merge file) ends the session.
 */
@FunctionalInterface
public interface DeletionFilter {
    DeletionFilter NONE = (path, isDir) -> false;

    boolean protects(StorePath path, boolean isDir) throws IOException;

    /**
     * As {@link #protects(StorePath, boolean)}, skipping perishable rules when asked (rsync:
     * ignore_perishable while a deleted directory's contents are removed).
     */
    default boolean protects(StorePath path, boolean isDir, boolean ignorePerishable) throws IOException {
        return protects(path, isDir);
    }
}
