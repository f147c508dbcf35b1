package byteback.rsync.server;

import byteback.rsync.session.TransferStats;
import java.io.IOException;

/**
 * Observes a receive while it happens. The SSH server uses it for the size guard and for pruning
 * when free space runs low during a backup.
 */
public interface ReceiveListener {
    ReceiveListener NONE = new ReceiveListener() {};

    /**
     * Called once as the session begins, with the counters it keeps (files transferred, literal
     * and matched bytes): read them while it runs and after it ends; never change them.
     */
    default void receiving(TransferStats stats) {}

    /**
     * Called before the receiver writes {@code bytes} more bytes of file data into the store. May
     * block (while space is freed) or throw to end the transfer with that message to the client.
     */
    default void beforeWrite(long bytes) throws IOException {}

    /** Called after {@code bytes} bytes of file data were written into the store. */
    default void written(long bytes) {}
}
