package byteback.rsync.session;

import byteback.rsync.protocol.ExitCode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.receiver.ReceiveListener;
import byteback.rsync.server.RsyncServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sends some bytes, then blocks until closed. */
final class SilentClient extends InputStream {
    private final byte[] first;
    private int pos;
    private boolean closed;

    SilentClient(byte[] first) {
        this.first = first;
    }

    @Override
    public synchronized int read() throws IOException {
        byte[] b = new byte[1];
        return read(b, 0, 1) < 0 ? -1 : b[0] & 0xFF;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        if (pos < first.length) {
            int n = Math.min(len, first.length - pos);
            System.arraycopy(first, pos, b, off, n);
            pos += n;
            return n;
        }
        while (!closed) {
            try {
                wait();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        }
        throw new IOException("closed");
    }

    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}

/** A client that goes silent (slow-loris) is dropped after --timeout with rsync's exit code 30. */
class IoTimeoutTest {
    @Test
    void silentClientTimesOut() throws Exception {
        Path dest = Files.createTempDirectory("timeout");
        try (SilentClient in = new SilentClient(new byte[] {31, 0, 0, 0})) { // the version, then nothing more
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int code = RsyncServer.run(List.of("--server", "-re.LsfxCIu", "--timeout=1", ".", dest.toString()), in,
                    out, err, dest, ReceiveListener.NONE);
            assertEquals(ExitCode.TIMEOUT, code);
            String sent = new String(out.toByteArray(), StandardCharsets.ISO_8859_1);
            assertTrue(sent.contains("io timeout after 1 seconds"), sent);
        } finally {
            Files.delete(dest);
        }
    }
}
