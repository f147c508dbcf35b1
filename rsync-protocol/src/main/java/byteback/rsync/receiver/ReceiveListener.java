package byteback.rsync.receiver;

import byteback.rsync.session.TransferStats;
import byteback.rsync.store.WriteListener;

/**
 * Observes a receive while it happens: the bytes written into the store (the size guard, pruning
 * when free space runs low during a backup, as a {@link WriteListener}) and the session's counters
 * (status and metrics).
 */
public interface ReceiveListener extends WriteListener {
    ReceiveListener NONE = new ReceiveListener() {};

    /**
     * Called once as the session begins, with the counters it keeps (files transferred, literal
     * and matched bytes): read them while it runs and after it ends; never change them.
     */
    default void receiving(TransferStats stats) {}

    /**
     * Why this listener stopped the transfer (the message it threw, e.g. the size guard's), for
     * the record of the attempt; null when it did not.
     */
    default String stoppedBecause() {
        return null;
    }
}
