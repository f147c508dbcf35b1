package byteback.client.backup;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The backup's progress line on a terminal: files listed or sent, bytes sent, the rate and the
 * current path. Fed by the sender's reads of the tree and its writes to the server; shows a new
 * line at once for the first event and then at most every {@link #INTERVAL_NANOS}.
 */
final class Progress {
    static final long INTERVAL_NANOS = 250_000_000L;

    private final Consumer<String> show;
    private final LongSupplier nanos;
    private final long start;
    private long lastShown;
    private boolean shownOnce;
    private long listed;
    private long sent;
    private long bytes;
    private byte[] current = new byte[0];

    Progress(Consumer<String> show, LongSupplier nanos) {
        this.show = show;
        this.nanos = nanos;
        this.start = nanos.getAsLong();
    }

    /** An entry looked at while the file list is built. */
    synchronized void listed(byte[] path) {
        listed++;
        current = path;
        maybeShow();
    }

    /** An entry looked at while files are being sent (incremental recursion): counted, the path shown stays. */
    synchronized void listedQuietly() {
        listed++;
        maybeShow();
    }

    /** A file whose data is being sent. */
    synchronized void sending(byte[] path) {
        sent++;
        current = path;
        maybeShow();
    }

    /** Bytes written to the server. */
    synchronized void wrote(long n) {
        bytes += n;
        maybeShow();
    }

    private void maybeShow() {
        long now = nanos.getAsLong();
        if (shownOnce && now - lastShown < INTERVAL_NANOS) return;
        shownOnce = true;
        lastShown = now;
        show.accept(line(listed, sent, bytes, (now - start) / 1e9, current));
    }

    /** e.g. "1234 files, 12 sent, 3.4 MiB sent, 1.1 MiB/s, /etc/passwd" (the path as the tree's root sees it). */
    static String line(long listed, long sent, long bytes, double seconds, byte[] path) {
        long rate = seconds > 0 ? (long) (bytes / seconds) : 0;
        String p = "/" + new String(path, StandardCharsets.UTF_8);
        return String.format(Locale.ROOT, "%d files, %d sent, %s sent, %s/s, %s", listed, sent, Sizes.human(bytes),
                Sizes.human(rate), p);
    }
}
