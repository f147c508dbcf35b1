package byteback.rsync.store;

import byteback.rsync.protocol.FileMode;

import static byteback.rsync.store.Native.C;

import java.io.IOException;
import java.nio.ByteBuffer;
import jnr.ffi.Pointer;

/** Writes a regular file into a temp file beside its target, or in place (rsync: receiver.c receive_data). */
final class FdFileWriter implements FileWriter {
    private final FdStore store;
    private final int dirfd; // -1 when writing in place
    private final int fd;
    private final byte[] tempName; // null when writing in place
    private final byte[] name;
    private final boolean sparse;
    private final String what;
    private final long oldSize; // what an in-place file held before
    private final boolean fresh; // created by this writer: no old content, no xattrs
    private long position;
    private long end; // the file's length so far (fresh files)
    private boolean done;

    private FdFileWriter(FdStore store, int dirfd, int fd, byte[] tempName, byte[] name, long oldSize, boolean fresh,
            boolean sparse, String what) {
        this.store = store;
        this.dirfd = dirfd;
        this.fd = fd;
        this.tempName = tempName;
        this.name = name;
        this.oldSize = oldSize;
        this.fresh = fresh;
        this.sparse = sparse;
        this.what = what;
    }

    /** Writes into the new temp file {@code fd} named {@code tempName} in {@code dirfd} (both the writer's own). */
    static FdFileWriter temp(FdStore store, int dirfd, int fd, byte[] tempName, byte[] name, boolean sparse,
            String what) {
        return new FdFileWriter(store, dirfd, fd, tempName, name, 0, true, sparse, what);
    }

    /**
     * Writes in place into {@code fd} (the writer's own), which held {@code oldSize} bytes;
     * {@code fresh} when it was just created.
     */
    static FdFileWriter inPlace(FdStore store, int fd, long oldSize, boolean fresh, boolean sparse, String what) {
        return new FdFileWriter(store, -1, fd, null, null, oldSize, fresh, sparse, what);
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        if (src.hasArray()) {
            write(src.array(), src.arrayOffset() + src.position(), src.remaining());
            src.position(src.limit());
            return;
        }
        byte[] tmp = new byte[Math.min(src.remaining(), BufferPool.SIZE)];
        while (src.hasRemaining()) {
            int n = Math.min(tmp.length, src.remaining());
            src.get(tmp, 0, n);
            write(tmp, 0, n);
        }
    }

    @Override
    public void write(byte[] buf, int off, int len) throws IOException {
        checkOpen();
        if (sparse) {
            // rsync: fileio.c write_sparse: skip the leading and trailing zero runs of each write
            int lead = 0;
            while (lead < len && buf[off + lead] == 0) lead++;
            int trail = 0;
            while (trail < len - lead && buf[off + len - 1 - trail] == 0) trail++;
            hole(lead);
            writeAt(buf, off + lead, len - lead - trail);
            hole(trail);
            return;
        }
        writeAt(buf, off, len);
    }

    /**
     * Moves over {@code n} zero bytes without writing them. In a new temp file that leaves a hole;
     * over old content (in place) the range is punched out so it reads as zeros (rsync: fileio.c
     * do_punch_hole), or written as zeros where the filesystem cannot punch.
     */
    private void hole(long n) throws IOException {
        if (n == 0) return;
        long overOld = tempName == null ? Math.min(n, Math.max(0, oldSize - position)) : 0;
        if (overOld > 0 && C.fallocate(fd, Native.FALLOC_FL_PUNCH_HOLE | Native.FALLOC_FL_KEEP_SIZE, position, overOld) < 0) {
            byte[] zeros = new byte[(int) Math.min(overOld, 64 * 1024)];
            long left = overOld;
            while (left > 0) {
                int chunk = (int) Math.min(left, zeros.length);
                writeAt(zeros, 0, chunk);
                left -= chunk;
            }
            position += n - overOld;
            return;
        }
        position += n;
    }

    private void writeAt(byte[] buf, int off, int len) throws IOException {
        if (len == 0) return;
        store.beforeWrite(len);
        Pointer p = BufferPool.local();
        int left = len;
        while (left > 0) {
            int chunk = Math.min(left, BufferPool.SIZE);
            p.put(0, buf, off, chunk);
            int done = 0;
            while (done < chunk) {
                long n = C.pwrite(fd, p.slice(done), chunk - done, position);
                if (n < 0) {
                    int e = Native.errno();
                    if (e == Native.EINTR) continue;
                    throw Native.error(e, "pwrite", what);
                }
                done += (int) n;
                position += n;
            }
            if (position > end) end = position;
            off += chunk;
            left -= chunk;
        }
        store.written(len);
    }

    @Override
    public void skip(long n) throws IOException {
        checkOpen();
        if (n < 0) throw new IllegalArgumentException("negative skip " + n);
        position += n;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public void commit(FileMetadata meta) throws IOException {
        commit(meta, true);
    }

    /**
     * @param transferred true: received data (rsync: rsync.c finish_transfer, one set_file_attrs
     *                    with xattrs and the exact time); false: an entry the generator makes
     *                    (symlink, device, special), with both of rsync's phases
     */
    void commit(FileMetadata meta, boolean transferred) throws IOException {
        checkOpen();
        if (!FileMode.isRegular(meta.mode()) && !FileMode.isSymlink(meta.mode()) && !FileMode.isDevice(meta.mode())
                && !FileMode.isSpecial(meta.mode())) {
            throw new IllegalArgumentException("a file cannot carry mode " + Integer.toOctalString(meta.mode()));
        }
        if (!fresh || position != end) { // a fresh file's length already is its end
            Native.check(C.ftruncate(fd, position), "ftruncate", what);
        }
        long xattrs = transferred ? store.form().applyTransferred(fd, meta, fresh, what)
                : store.form().apply(fd, meta, false, fresh, what);
        store.xattrsSet(xattrs);
        if (tempName != null) Fds.renameOver(dirfd, tempName, name, what);
        done = true;
        release();
    }

    @Override
    public void abort() {
        if (done) return;
        done = true;
        if (tempName != null) C.unlinkat(dirfd, Native.cstr(tempName), 0);
        release();
    }

    @Override
    public void close() {
        abort();
    }

    private void release() {
        C.close(fd);
        if (dirfd >= 0) C.close(dirfd);
    }

    private void checkOpen() throws IOException {
        if (done) throw new IOException("file writer already finished: " + what);
    }
}
