package byteback.rsync.store;

import static byteback.rsync.store.Native.C;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import jnr.ffi.Pointer;

/** A stored regular file open for positional reads. */
final class FdBasisFile implements BasisFile {
    private final int fd;
    private final long size;
    private final String what;
    private volatile boolean closed;

    FdBasisFile(int fd, long size, String what) {
        this.fd = fd;
        this.size = size;
        this.what = what;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public int read(long position, ByteBuffer dst) throws IOException {
        int want = Math.min(dst.remaining(), BufferPool.SIZE);
        if (want == 0) return 0;
        Pointer p = BufferPool.local();
        long n = pread(p, want, position);
        if (n <= 0) return 0;
        if (dst.hasArray()) {
            p.get(0, dst.array(), dst.arrayOffset() + dst.position(), (int) n);
            dst.position(dst.position() + (int) n);
        } else {
            byte[] tmp = new byte[(int) n];
            p.get(0, tmp, 0, (int) n);
            dst.put(tmp);
        }
        return (int) n;
    }

    @Override
    public void readFully(long position, byte[] buf, int off, int len) throws IOException {
        Pointer p = BufferPool.local();
        while (len > 0) {
            long n = pread(p, Math.min(len, BufferPool.SIZE), position);
            if (n == 0) throw new EOFException("basis file ended at " + position + ": " + what);
            p.get(0, buf, off, (int) n);
            off += (int) n;
            len -= (int) n;
            position += n;
        }
    }

    private long pread(Pointer p, int len, long position) throws IOException {
        if (closed) throw new IOException("basis file closed: " + what);
        while (true) {
            long n = C.pread(fd, p, len, position);
            if (n >= 0) return n;
            int e = Native.errno();
            if (e != Native.EINTR) throw Native.error(e, "pread", what);
        }
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            C.close(fd);
        }
    }
}
