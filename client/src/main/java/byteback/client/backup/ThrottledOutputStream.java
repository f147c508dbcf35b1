package byteback.client.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/** An output stream paced by a {@link BandwidthLimit}: writes are cut to its size and followed by its sleeps. */
final class ThrottledOutputStream extends FilterOutputStream {
    private final BandwidthLimit limit;
    private long slept;

    ThrottledOutputStream(OutputStream out, BandwidthLimit limit) {
        super(out);
        this.limit = limit;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        pace(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        int max = limit.maxWrite();
        while (len > 0) {
            int n = Math.min(len, max);
            out.write(b, off, n);
            off += n;
            len -= n;
            pace(n);
        }
    }

    private void pace(int n) throws IOException {
        long sleep = limit.wrote(n, System.nanoTime());
        if (sleep == 0) return;
        out.flush(); // what is paid for goes now, not after the sleep
        try {
            Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while pacing to --bwlimit");
        }
        slept += sleep;
        limit.slept(System.nanoTime());
    }

    /** Nanoseconds spent sleeping for the limit so far. */
    long slept() {
        return slept;
    }
}
