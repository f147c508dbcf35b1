package byteback.rsync.session;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Counters of one receive, shared by the generator and receiver threads (rsync: struct stats). */
public final class TransferStats {
    public final AtomicInteger deletedFiles = new AtomicInteger();
    public final AtomicInteger deletedDirs = new AtomicInteger();
    public final AtomicInteger deletedSymlinks = new AtomicInteger();
    public final AtomicInteger deletedDevices = new AtomicInteger();
    public final AtomicInteger deletedSpecials = new AtomicInteger();
    public final AtomicInteger transferredFiles = new AtomicInteger();
    public final AtomicLong literalData = new AtomicLong();
    public final AtomicLong matchedData = new AtomicLong();
}
