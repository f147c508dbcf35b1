package byteback.server.ssh;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SSH windows of all channels charged to one budget: what clients may have sent and we not
 * yet read, server-wide. Each channel's window is {@code window} bytes (2 MiB, see {@link Tuning});
 * while there are more channels than the budget has windows for, a channel reopens its window
 * only up to its share ({@code total / channels}, never below {@code floor}), holding back the
 * rest of what its command read until channels leave. One connection, or a few, never notice;
 * fifty that all send faster than a loaded server writes hold ~{@code total} in all instead of
 * fifty windows (rsync: no counterpart; sshd's window per channel is fixed).
 */
final class WindowBudget {
    private final long total;
    private final long floor;
    private final AtomicInteger channels = new AtomicInteger();

    /**
     * @param total the bytes all channels may have in flight or queued together (while each gets at
     *              least {@code floor})
     * @param floor the least any channel may have in flight: enough to keep a stream moving
     */
    WindowBudget(long total, long floor) {
        if (total <= 0 || floor <= 0) throw new IllegalArgumentException("total " + total + ", floor " + floor);
        this.total = total;
        this.floor = floor;
    }

    /** A channel joins: its window is charged to the budget until {@link Share#leave}. */
    Share join(long window) {
        channels.incrementAndGet();
        return new Share(window);
    }

    /** How many channels share the budget now. */
    int channels() {
        return channels.get();
    }

    private long share(long window) {
        int n = Math.max(1, channels.get());
        return Math.min(window, Math.max(floor, total / n));
    }

    /** One channel's part: decides how much of what its command read reopens its window now. */
    final class Share {
        private final long window;
        private long withheld; // guarded by this: read by the command, not yet given back to the client
        private boolean left;  // guarded by this

        private Share(long window) {
            this.window = window;
        }

        /**
         * The command took {@code n} bytes: returns how many bytes to reopen the window by now,
         * so that what the client may send plus what is queued stays within this channel's share.
         * What is held back is given with a later read, once the share has grown.
         */
        synchronized long taken(long n) {
            withheld += n;
            long keep = left ? 0 : Math.max(0, window - share(window));
            long give = Math.max(0, withheld - keep);
            withheld -= give;
            return give;
        }

        /** Bytes read and held back now (for tests and logs). */
        synchronized long withheld() {
            return withheld;
        }

        /** The channel ends (EOF, close, abort): it no longer counts. Idempotent. */
        void leave() {
            synchronized (this) {
                if (left) return;
                left = true;
            }
            channels.decrementAndGet();
        }
    }
}
