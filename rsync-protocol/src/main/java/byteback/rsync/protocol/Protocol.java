package byteback.rsync.protocol;

import byteback.rsync.checksum.ChecksumAlgorithm;
import byteback.rsync.compress.Compression;

/**
 * What the protocol setup agreed with the client (rsync: compat.c setup_protocol).
 *
 * @param version      the negotiated protocol version (30..32)
 * @param compatFlags  the CF_* flags we sent ({@link CompatFlags}); 0 before protocol 30
 * @param checksum     the strong checksum for blocks and whole files (rsync: xfer_sum_nni)
 * @param fileChecksum the checksum of --checksum in the file list (rsync: file_sum_nni)
 * @param compression  the compressor, {@link Compression#NONE} without -z
 * @param seed         the checksum seed we sent
 */
public record Protocol(int version, int compatFlags, ChecksumAlgorithm checksum, ChecksumAlgorithm fileChecksum, Compression compression, int seed) {
    public boolean has(int flag) {
        return (compatFlags & flag) != 0;
    }

    /** rsync: want_xattr_optim. */
    public boolean xattrOptimization() {
        return version >= 31 && !has(CompatFlags.AVOID_XATTR_OPTIM);
    }

    /** rsync: proper_seed_order. */
    public boolean properSeedOrder() {
        return has(CompatFlags.CHKSUM_SEED_FIX);
    }
}
