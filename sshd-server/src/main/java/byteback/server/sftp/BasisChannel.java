package byteback.server.sftp;

import byteback.rsync.store.BasisFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/** A stored file, opened descriptor-relative without following symlinks, as a read-only channel. */
final class BasisChannel implements SeekableByteChannel {
    private final BasisFile file;
    private long position;
    private boolean open = true;

    BasisChannel(BasisFile file) {
        this.file = file;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = file.read(position, dst);
        if (n <= 0) return dst.hasRemaining() ? -1 : 0;
        position += n;
        return n;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) {
        if (newPosition < 0) throw new IllegalArgumentException("negative position");
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return file.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (open) {
            open = false;
            file.close();
        }
    }
}
