package byteback.rsync.checksum;

import java.security.DigestException;
import java.security.MessageDigest;
import net.openhft.hashing.LongHashFunction;
import net.openhft.hashing.LongTupleHashFunction;

/**
 * The strong checksum of one block (rsync: checksum.c get_checksum2), seeded with the session's
 * checksum_seed the way rsync seeds each algorithm:
 * <ul>
 *   <li>xxh64 / xxh3 / xxh128: the seed (sign-extended, as C converts an int to a 64-bit seed)
 *       is the hash seed; the result is stored little-endian (SIVAL64), low half first;</li>
 *   <li>md5: the 4 little-endian seed bytes go before the data when {@code properSeedOrder}
 *       (compat flag CF_CHKSUM_SEED_FIX), after it otherwise; nothing when the seed is 0;</li>
 *   <li>md4: the seed bytes go after the data (rsync's built-in MD4), with the pre-27 quirks;</li>
 *   <li>sha1 (only through OpenSSL in rsync): seed bytes before the data.</li>
 * </ul>
 * {@link #compute} always writes the full digest; the caller sends the first s2length bytes.
 * One instance per thread; no allocation per block.
 */
public final class BlockChecksum {
    private final ChecksumAlgorithm algorithm;
    private final int seed;
    private final boolean seedFirst;
    private final byte[] seedBytes = new byte[4];
    private final LongHashFunction hash64;
    private final LongTupleHashFunction hash128;
    private final long[] result128;
    private final MessageDigest jdk;
    private final Md4 md4;

    /**
     * @param seed the checksum_seed of the session
     * @param protocol the negotiated protocol version (md4 quirks before 27)
     * @param properSeedOrder whether the compat flag CF_CHKSUM_SEED_FIX was agreed
     */
    public BlockChecksum(ChecksumAlgorithm algorithm, int seed, int protocol, boolean properSeedOrder) {
        this.algorithm = algorithm;
        this.seed = seed;
        Le.putInt(seedBytes, 0, seed);
        LongHashFunction h64 = null;
        LongTupleHashFunction h128 = null;
        MessageDigest md = null;
        Md4 m4 = null;
        boolean first = false;
        switch (algorithm) {
            case XXH64:
                h64 = LongHashFunction.xx(seed);
                break;
            case XXH3:
                h64 = LongHashFunction.xx3(seed);
                break;
            case XXH128:
                h128 = LongTupleHashFunction.xx128(seed);
                break;
            case MD5:
                md = StrongChecksum.newDigest("MD5");
                first = properSeedOrder;
                break;
            case SHA1:
                md = StrongChecksum.newDigest("SHA-1");
                first = true;
                break;
            case MD4:
                m4 = new Md4(protocol < 27, protocol < 27);
                break;
            default:
                throw new IllegalArgumentException("no block checksum for " + algorithm.wireName());
        }
        hash64 = h64;
        hash128 = h128;
        result128 = h128 == null ? null : h128.newResultArray();
        jdk = md;
        md4 = m4;
        seedFirst = first;
    }

    public ChecksumAlgorithm algorithm() {
        return algorithm;
    }

    /** Full digest length in bytes. */
    public int length() {
        return algorithm.digestLength();
    }

    /** rsync: checksum.c get_checksum2 — writes {@link #length()} bytes at {@code out[outOff]}. */
    public void compute(byte[] buf, int off, int len, byte[] out, int outOff) {
        if (hash64 != null) {
            Le.putLong(out, outOff, hash64.hashBytes(buf, off, len));
        } else if (hash128 != null) {
            hash128.hashBytes(buf, off, len, result128);
            Le.putLong(out, outOff, result128[0]);
            Le.putLong(out, outOff + 8, result128[1]);
        } else if (jdk != null) {
            if (seed != 0 && seedFirst) {
                jdk.update(seedBytes, 0, 4);
            }
            jdk.update(buf, off, len);
            if (seed != 0 && !seedFirst) {
                jdk.update(seedBytes, 0, 4);
            }
            try {
                jdk.digest(out, outOff, length());
            } catch (DigestException e) {
                throw new IllegalStateException(e);
            }
        } else {
            md4.update(buf, off, len);
            if (seed != 0) {
                md4.update(seedBytes, 0, 4);
            }
            md4.digest(out, outOff);
        }
    }
}
