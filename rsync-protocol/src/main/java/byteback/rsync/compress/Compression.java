package byteback.rsync.compress;

import byteback.rsync.memory.MemoryBudgetExceededException;
import byteback.rsync.memory.Reservation;

/**
 * The compressors rsync can negotiate, with their wire names, in rsync's order of preference
 * (rsync: compat.c valid_compressions), and the token-stream codec of each (rsync: token.c).
 */
public enum Compression {
    ZSTD("zstd"),
    LZ4("lz4"),
    ZLIBX("zlibx"),
    ZLIB("zlib"),
    NONE("none");

    private final String wireName;

    Compression(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The compressor with this wire name (ignoring case, as rsync does), or null when unknown. */
    public static Compression byWireName(String name) {
        if (name == null) {
            return null;
        }
        for (Compression c : values()) {
            if (c.wireName.equalsIgnoreCase(name)) {
                return c;
            }
        }
        return null;
    }

    /**
     * A reader for the token stream of a whole session (rsync: token.c recv_token).
     *
     * @param protocol the negotiated protocol version (zlib's history feeding differs before 31)
     */
    public TokenReader newReader(int protocol) {
        try {
            return newReader(protocol, null);
        } catch (MemoryBudgetExceededException e) {
            throw new IllegalStateException(e); // nothing is charged without a reservation
        }
    }

    /**
     * As {@link #newReader(int)}; a zstd reader's native memory (its window of at most {@link
     * ZstdLimits#windowBytes()} and its buffers) is charged to {@code reservation} (when not null)
     * until the reader is closed.
     *
     * @throws byteback.rsync.memory.MemoryBudgetExceededException when the budget cannot hold it
     */
    public TokenReader newReader(int protocol, Reservation reservation) throws MemoryBudgetExceededException {
        switch (this) {
            case NONE:
                return new PlainTokenReader();
            case ZLIB:
                return new DeflateTokenReader(true, protocol);
            case ZLIBX:
                return new DeflateTokenReader(false, protocol);
            case ZSTD:
                return new ZstdTokenReader(reservation);
            case LZ4:
                return new Lz4TokenReader();
            default:
                throw new IllegalStateException(wireName);
        }
    }

    /**
     * A writer for the token stream of a whole session (rsync: token.c send_token).
     *
     * @param level the compression level as rsync resolves it ({@link #effectiveLevel})
     * @param protocol the negotiated protocol version
     */
    public TokenWriter newWriter(int level, int protocol) {
        try {
            return newWriter(level, protocol, null);
        } catch (MemoryBudgetExceededException e) {
            throw new IllegalStateException(e); // nothing is charged without a reservation
        }
    }

    /**
     * As {@link #newWriter(int, int)}; a zstd writer's level is at most {@link
     * ZstdLimits#MAX_COMPRESS_LEVEL} and its native memory is charged to {@code reservation}
     * (when not null) until it is closed.
     */
    public TokenWriter newWriter(int level, int protocol, Reservation reservation) throws MemoryBudgetExceededException {
        switch (this) {
            case NONE:
                return new PlainTokenWriter();
            case ZLIB:
                return new DeflateTokenWriter(true, level, protocol);
            case ZLIBX:
                return new DeflateTokenWriter(false, level, protocol);
            case ZSTD:
                return new ZstdTokenWriter(level, reservation);
            case LZ4:
                return new Lz4TokenWriter();
            default:
                throw new IllegalStateException(wireName);
        }
    }

    /**
     * rsync: token.c init_compression_level — the level actually used for a requested one
     * ({@code null}: none given). Clamped to the compressor's range; the compressor's "off"
     * level is reported by {@link #isOffLevel}.
     */
    public int effectiveLevel(Integer requested) {
        switch (this) {
            case ZLIB:
            case ZLIBX:
                if (requested == null || requested == -1) {
                    return 6;
                }
                return Math.max(1, Math.min(9, requested));
            case ZSTD:
                if (requested == null || requested == 0) {
                    return 3;
                }
                return Math.max(ZSTD_MIN_LEVEL, Math.min(22, requested));
            default:
                return 0;
        }
    }

    /**
     * rsync: token.c init_compression_level — whether this requested level turns compression
     * off (zlib's level 0); rsync then transfers uncompressed.
     */
    public boolean isOffLevel(Integer requested) {
        return (this == ZLIB || this == ZLIBX) && requested != null && requested == 0;
    }

    /**
     * rsync: token.c init_compression_level — the compressor actually used once the level is
     * known: {@link #NONE} when the level turns this one off (zlib and zlibx at level 0, whether
     * chosen by negotiation or fixed; both peers apply the same rule), otherwise this one.
     */
    public Compression withLevel(Integer requested) {
        return isOffLevel(requested) ? NONE : this;
    }

    /** zstd's most negative ("fastest") level (ZSTD_minCLevel). */
    private static final int ZSTD_MIN_LEVEL = -131072;
}
