package byteback.rsync.generator;

import byteback.rsync.store.StorePath;

/** Whether the client's filter rules protect an extraneous entry from deletion (rsync: delete.c / exclude.c). */
@FunctionalInterface
public interface DeletionFilter {
    DeletionFilter NONE = (path, isDir) -> false;

    boolean protects(StorePath path, boolean isDir);
}
