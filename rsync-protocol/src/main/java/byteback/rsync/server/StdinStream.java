package byteback.rsync.server;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The process's stdin, read through its FileChannel so that {@link #close()} (the --timeout
 * watchdog does it) wakes a thread blocked in read(2) — closing a plain FileInputStream does not.
 *
 * <p>Only {@code read} goes to the channel. With {@code Channels.newInputStream} over the same
 * channel instead, the receiver failed on a pipe (exit 12 in InterruptedTransferTest, every time);
 * why is not traced yet (that stream treats a FileChannel as seekable, but we call neither its
 * {@code skip} nor its {@code available}).
 */
final class StdinStream extends InputStream {
    private final FileChannel channel = new FileInputStream(FileDescriptor.in).getChannel();

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) return 0;
        int n;
        do {
            n = channel.read(ByteBuffer.wrap(b, off, len));
        } while (n == 0);
        return n;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
