package byteback.rsync.memory;

import java.io.IOException;

/**
 * The server's shared {@link MemoryBudget} cannot give a connection what its client asks it to hold.
 * The connection ends (rsync: util2.c out_of_memory, exit code 22); the others go on.
 */
public final class MemoryBudgetExceededException extends IOException {
    public MemoryBudgetExceededException(long wanted, long capacity, long heldByOthers) {
        super("the server's memory budget for all connections (" + mib(capacity) + " MiB, "
                + mib(heldByOthers) + " MiB held by other connections) cannot hold this connection's "
                + mib(wanted) + " MiB; try again later");
    }

    private static String mib(long bytes) {
        return bytes == Long.MAX_VALUE ? "unbounded" : String.format(java.util.Locale.ROOT, "%.1f", bytes / 1048576.0);
    }
}
