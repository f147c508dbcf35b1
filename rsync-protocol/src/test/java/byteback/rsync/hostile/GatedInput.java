package byteback.rsync.hostile;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.BooleanSupplier;

/**
 * A client stream in two parts: the second is held back until a condition holds, as an honest
 * client holds a file's data until the generator has asked for it. A condition that does not hold
 * within {@link #MAX_WAIT_MILLIS} (a refusal the test allows, or a very slow machine) opens the
 * gate anyway: a test that needs the condition asserts {@link #openedByGate()}.
 */
final class GatedInput extends InputStream {
    private static final long MAX_WAIT_MILLIS = 20_000; // below Sandbox.DEADLINE_SECONDS
    private final InputStream first;
    private final InputStream rest;
    private final BooleanSupplier gate;
    private boolean opened;
    private volatile boolean openedByGate;

    GatedInput(byte[] whole, int split, BooleanSupplier gate) {
        this.first = new ByteArrayInputStream(whole, 0, split);
        this.rest = new ByteArrayInputStream(whole, split, whole.length - split);
        this.gate = gate;
    }

    @Override
    public int read() throws IOException {
        byte[] b = new byte[1];
        return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = first.read(b, off, len);
        if (n >= 0) {
            return n;
        }
        if (!opened) {
            long end = System.currentTimeMillis() + MAX_WAIT_MILLIS;
            boolean held;
            while (!(held = gate.getAsBoolean()) && System.currentTimeMillis() < end) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted");
                }
            }
            opened = true;
            openedByGate = held;
        }
        return rest.read(b, off, len);
    }

    /** Whether the second part was let through because the condition held (not after the wait). */
    boolean openedByGate() {
        return openedByGate;
    }
}
