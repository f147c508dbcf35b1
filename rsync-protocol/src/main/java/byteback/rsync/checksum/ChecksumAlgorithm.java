package byteback.rsync.checksum;

/**
 * The strong checksums rsync can negotiate, with the names used on the wire (rsync: checksum.c
 * valid_checksums). Listed in rsync's order of preference.
 */
public enum ChecksumAlgorithm {
    XXH128("xxh128", 16),
    XXH3("xxh3", 8),
    XXH64("xxh64", 8),
    MD5("md5", 16),
    MD4("md4", 16),
    SHA1("sha1", 20),
    NONE("none", 1);

    private final String wireName;
    private final int digestLength;

    ChecksumAlgorithm(String wireName, int digestLength) {
        this.wireName = wireName;
        this.digestLength = digestLength;
    }

    public String wireName() {
        return wireName;
    }

    /** Length of the full digest in bytes (rsync: checksum.c csum_len_for_type). */
    public int digestLength() {
        return digestLength;
    }

    /**
     * The algorithm with this wire name, or null when rsync's name is unknown to us. Like rsync
     * (compat.c get_nni_by_name) the match ignores case and "xxhash" is another name for xxh64.
     */
    public static ChecksumAlgorithm byWireName(String name) {
        if (name == null) {
            return null;
        }
        if (name.equalsIgnoreCase("xxhash")) {
            return XXH64;
        }
        for (ChecksumAlgorithm a : values()) {
            if (a.wireName.equalsIgnoreCase(name)) {
                return a;
            }
        }
        return null;
    }

    /**
     * The checksum rsync uses when the peers do not negotiate one and no --checksum-choice was
     * given (rsync: checksum.c parse_csum_name with "auto"): md5 from protocol 30, md4 before.
     */
    public static ChecksumAlgorithm defaultFor(int protocol) {
        return protocol >= 30 ? MD5 : MD4;
    }
}
