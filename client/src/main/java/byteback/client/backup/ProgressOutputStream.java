package byteback.client.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Counts what the sender writes to the server for {@link Progress}. */
final class ProgressOutputStream extends FilterOutputStream {
    private final Progress progress;

    ProgressOutputStream(OutputStream out, Progress progress) {
        super(out);
        this.progress = progress;
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        progress.wrote(1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        progress.wrote(len);
    }
}
