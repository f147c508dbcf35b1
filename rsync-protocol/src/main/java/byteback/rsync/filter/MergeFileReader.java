package byteback.rsync.filter;

import java.io.IOException;

/**
 * Reads a per-directory merge file (e.g. {@code .rsync-filter}) from the receiver's tree, for
 * dir-merge rules. The caller confines the read to the destination: never follows symlinks and
 * never leaves the tree.
 */
@FunctionalInterface
public interface MergeFileReader {
    /** Never reads anything: every merge file is absent. */
    MergeFileReader NONE = (path, maxBytes) -> null;

    /**
     * @param relativePath the merge file's path relative to the transfer root, as bytes, e.g.
     *                     {@code "home/ann/.rsync-filter"} or {@code ".rsync-filter"}
     * @param maxBytes     read at most this many bytes; a longer file is an error
     * @return the file's bytes, or null when it does not exist (or is not a regular file)
     * @throws IOException when it exists but cannot be read, or is longer than {@code maxBytes}
     */
    byte[] read(byte[] relativePath, int maxBytes) throws IOException;
}
