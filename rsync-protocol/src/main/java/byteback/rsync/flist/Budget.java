package byteback.rsync.flist;

import byteback.rsync.wire.ProtocolException;

/** Counts what one file list holds against {@link FileListLimits}. */
final class Budget {
    private final FileListLimits limits;
    private long bytes;
    private int entries;

    Budget(FileListLimits limits) {
        this.limits = limits;
    }

    void entry() throws ProtocolException {
        if (++entries > limits.maxEntries()) {
            throw new ProtocolException("file list has more than " + limits.maxEntries()
                    + " entries (limit)");
        }
        charge(FileListLimits.ENTRY_OVERHEAD);
    }

    void charge(long n) throws ProtocolException {
        bytes += n;
        if (bytes > limits.maxTotalBytes()) {
            throw new ProtocolException("file list exceeds its memory limit of "
                    + limits.maxTotalBytes() + " bytes");
        }
    }
}
