package byteback.rsync.compress;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * What one zstd decoder may hold outside the Java heap. A zstd frame names its own window size,
 * and zstd's decoder allocates it (natively) as soon as the frame header arrives: up to 2^27 bytes
 * by zstd's default, chosen by the sender. A client compressing at level 19 or below needs at most
 * 2^23 (8 MiB), which is the bound here (levels 20 to 22, zstd's "ultra" levels, ask for 32 to
 * 128 MiB and are refused with a message naming the limit). The system property
 * {@code byteback.zstd.windowLogMax} (10 to 31) changes it.
 */
public final class ZstdLimits {
    /** zstd's own default maximum (ZSTD_WINDOWLOG_LIMIT_DEFAULT). */
    static final int ZSTD_DEFAULT_WINDOW_LOG = 27;
    /** The bound when the property does not say otherwise: what levels up to 19 need. */
    public static final int DEFAULT_WINDOW_LOG_MAX = 23;
    /** The decoder's context and its internal block buffers, beside the window (a generous estimate). */
    static final long CONTEXT_BYTES = 256 * 1024;

    /**
     * The highest level the server compresses at when a client asks for more (restores): levels
     * 20-22 cost the server hundreds of MiB of native memory (measured: level 22 +753 MiB RSS,
     * level 19 +97 MiB, level 3 +11 MiB for 40 MiB of data).
     */
    public static final int MAX_COMPRESS_LEVEL = 19;

    private static final AtomicInteger OPEN = new AtomicInteger();

    /** What a compressor at {@code level} is charged for its native memory (from the measurements above). */
    static long compressorBytes(int level) {
        if (level <= 5) return 16L << 20;
        if (level <= 11) return 48L << 20;
        return 128L << 20;
    }

    private ZstdLimits() {
    }

    /** The largest window a client's zstd stream may use, as a power of two. */
    public static int windowLogMax() {
        String p = System.getProperty("byteback.zstd.windowLogMax");
        if (p == null) {
            return DEFAULT_WINDOW_LOG_MAX;
        }
        try {
            int v = Integer.parseInt(p.trim());
            if (v >= 10 && v <= 31) {
                return v;
            }
        } catch (NumberFormatException e) {
            // falls through to the default
        }
        return DEFAULT_WINDOW_LOG_MAX;
    }

    /** The largest window in bytes. */
    public static long windowBytes() {
        return 1L << windowLogMax();
    }

    /** zstd decoders made and not yet closed in this JVM (their native memory is still held). */
    public static int openDecoders() {
        return OPEN.get();
    }

    static void opened() {
        OPEN.incrementAndGet();
    }

    static void closed() {
        OPEN.decrementAndGet();
    }
}
