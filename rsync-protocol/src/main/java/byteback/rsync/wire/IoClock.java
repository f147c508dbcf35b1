package byteback.rsync.wire;

/**
 * When the session last received bytes, last sent bytes, and last did local work. Shared by
 * the reader, the writer and the {@link IoWatchdog}; read and written from several threads.
 */
public final class IoClock {
    private volatile long lastIn = System.nanoTime();
    private volatile long lastOut = System.nanoTime();
    private volatile long lastWork = System.nanoTime();

    public void input() {
        lastIn = System.nanoTime();
    }

    public void output() {
        lastOut = System.nanoTime();
    }

    /** Local progress that should keep the connection alive (e.g. the generator checking files). */
    public void work() {
        lastWork = System.nanoTime();
    }

    public long lastIn() {
        return lastIn;
    }

    public long lastOut() {
        return lastOut;
    }

    public long lastWork() {
        return lastWork;
    }
}
