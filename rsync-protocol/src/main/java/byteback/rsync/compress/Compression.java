package byteback.rsync.compress;

/**
 * The compressors rsync can negotiate, with their wire names, in rsync's order of preference
 * (rsync: compat.c valid_compressions).
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

    /** The compressor with this wire name, or null when it is unknown to us. */
    public static Compression byWireName(String name) {
        for (Compression c : values()) {
            if (c.wireName.equals(name)) {
                return c;
            }
        }
        return null;
    }
}
