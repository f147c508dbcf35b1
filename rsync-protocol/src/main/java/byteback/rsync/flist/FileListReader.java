package byteback.rsync.flist;

import byteback.rsync.wire.WireInput;
import java.io.IOException;

/**
 * Reads the sender's complete file list from the demultiplexed data stream, validating every
 * value against a hostile sender (rsync: flist.c recv_file_list without incremental recursion).
 */
public final class FileListReader {
    private final FileListConfig config;

    public FileListReader(FileListConfig config) {
        this.config = config;
    }

    /**
     * Reads entries up to the end marker, then the uid/gid name lists (unless --numeric-ids), then
     * sorts and cleans the list as rsync does.
     *
     * @throws byteback.rsync.wire.ProtocolException for anything unsafe or impossible: absolute or
     *         ".." names, NUL bytes, over-long names or components, bad modes, impossible counts,
     *         hard-link references that are not backwards, exceeded {@link FileListLimits}
     * @throws java.io.EOFException when the stream ends before the list does
     */
    public FileList read(WireInput in) throws IOException {
        throw new UnsupportedOperationException("being written");
    }
}
