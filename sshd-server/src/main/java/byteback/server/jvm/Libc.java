package byteback.server.jvm;

import jnr.ffi.LibraryLoader;
import jnr.ffi.annotations.In;

/** The two glibc calls the server's JVM management needs, through jnr-ffi. */
final class Libc {
    private Libc() {}

    public interface C {
        /** argv and envp are passed NULL-terminated by jnr-ffi. */
        int execve(@In String path, @In String[] argv, @In String[] envp);

        /** Returns free memory at the top of every malloc arena to the kernel; 1 if any was. */
        int malloc_trim(long pad);
    }

    private static volatile C c;

    /** glibc, loaded on first use; throws when it cannot be (another libc, no jnr). */
    static C c() {
        C l = c;
        if (l == null) {
            l = c = LibraryLoader.create(C.class).load("c");
        }
        return l;
    }
}
