package byteback.rsync.compress;

import java.io.Closeable;
import java.io.IOException;
import java.lang.ref.Cleaner;

/** Closes native zstd contexts when their codec becomes unreachable (or is closed explicitly). */
final class NativeCleaner {
    private static final Cleaner CLEANER = Cleaner.create();

    private NativeCleaner() {
    }

    static Cleaner.Cleanable register(Object owner, Closeable resource) {
        return CLEANER.register(owner, () -> {
            try {
                resource.close();
            } catch (IOException e) {
                // nothing to do: the native memory is gone either way
            }
        });
    }
}
