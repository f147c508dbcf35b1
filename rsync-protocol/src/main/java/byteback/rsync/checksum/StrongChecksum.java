package byteback.rsync.checksum;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * A streaming whole-file checksum (rsync: checksum.c sum_init / sum_update / sum_end), used for the
 * checksum the sender appends after each file's tokens ({@link #fileChecksum}), and for the
 * pre-transfer comparison of --checksum ({@link #preTransferChecksum}, rsync: checksum.c
 * file_checksum). The digest is written in rsync's byte order (SIVAL64 little-endian for the xxh
 * family, the natural order for md4/md5/sha1).
 *
 * <p>An instance is reusable: {@link #digest} returns it to its initial state. Not thread-safe.
 */
public abstract class StrongChecksum {
    private final ChecksumAlgorithm algorithm;

    private StrongChecksum(ChecksumAlgorithm algorithm) {
        this.algorithm = algorithm;
    }

    /**
     * rsync: checksum.c sum_init(nni, seed) — the checksum of a transferred file. The seed only
     * matters for md4 before protocol 30 (it is hashed first); the xxh family is always seeded
     * with 0 here, exactly as rsync does.
     */
    public static StrongChecksum fileChecksum(ChecksumAlgorithm algorithm, int seed, int protocol) {
        return create(algorithm, protocol, true, seed);
    }

    /**
     * rsync: checksum.c file_checksum — the sum compared by --checksum (sent in the file list).
     * Identical to {@link #fileChecksum} except that pre-30 md4 hashes no seed.
     */
    public static StrongChecksum preTransferChecksum(ChecksumAlgorithm algorithm, int protocol) {
        return create(algorithm, protocol, false, 0);
    }

    private static StrongChecksum create(ChecksumAlgorithm algorithm, int protocol, boolean seeded, int seed) {
        switch (algorithm) {
            case XXH64:
                return new Xxh64Sum();
            case XXH3:
                return new Xxh3Sum(false);
            case XXH128:
                return new Xxh3Sum(true);
            case MD5:
                return new JdkSum(algorithm, "MD5");
            case SHA1:
                return new JdkSum(algorithm, "SHA-1");
            case MD4:
                if (protocol >= 30) {
                    return new Md4Sum(new Md4(), false, 0);
                }
                // rsync: CSUM_MD4_OLD (27..29), CSUM_MD4_BUSTED (21..26), CSUM_MD4_ARCHAIC (<21)
                return new Md4Sum(new Md4(protocol < 27, protocol < 27), seeded, seed);
            case NONE:
                return new NoneSum();
            default:
                throw new IllegalArgumentException("unsupported checksum " + algorithm);
        }
    }

    public final ChecksumAlgorithm algorithm() {
        return algorithm;
    }

    /** Digest length in bytes (rsync: csum_len_for_type). */
    public final int length() {
        return algorithm.digestLength();
    }

    /** rsync: checksum.c sum_update. */
    public abstract void update(byte[] data, int off, int len);

    /** rsync: checksum.c sum_end — writes {@link #length()} bytes at {@code out[off]} and resets. */
    public abstract void digest(byte[] out, int off);

    /** Convenience form of {@link #digest(byte[], int)}: allocates the result. */
    public final byte[] digest() {
        byte[] out = new byte[length()];
        digest(out, 0);
        return out;
    }

    private static final class JdkSum extends StrongChecksum {
        private final MessageDigest md;

        JdkSum(ChecksumAlgorithm algorithm, String jdkName) {
            super(algorithm);
            md = newDigest(jdkName);
        }

        @Override
        public void update(byte[] data, int off, int len) {
            md.update(data, off, len);
        }

        @Override
        public void digest(byte[] out, int off) {
            try {
                md.digest(out, off, length());
            } catch (java.security.DigestException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static MessageDigest newDigest(String jdkName) {
        try {
            return MessageDigest.getInstance(jdkName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks " + jdkName, e);
        }
    }

    private static final class Md4Sum extends StrongChecksum {
        private final Md4 md4;
        private final boolean seeded;
        private final byte[] seedBytes = new byte[4];

        Md4Sum(Md4 md4, boolean seeded, int seed) {
            super(ChecksumAlgorithm.MD4);
            this.md4 = md4;
            this.seeded = seeded;
            Le.putInt(seedBytes, 0, seed);
            start();
        }

        private void start() {
            if (seeded) {
                md4.update(seedBytes, 0, 4);
            }
        }

        @Override
        public void update(byte[] data, int off, int len) {
            md4.update(data, off, len);
        }

        @Override
        public void digest(byte[] out, int off) {
            md4.digest(out, off);
            start();
        }
    }

    private static final class Xxh64Sum extends StrongChecksum {
        private final Xxh64Stream state = new Xxh64Stream(0);

        Xxh64Sum() {
            super(ChecksumAlgorithm.XXH64);
        }

        @Override
        public void update(byte[] data, int off, int len) {
            state.update(data, off, len);
        }

        @Override
        public void digest(byte[] out, int off) {
            Le.putLong(out, off, state.digest());
        }
    }

    private static final class Xxh3Sum extends StrongChecksum {
        private final Xxh3Stream state = new Xxh3Stream();
        private final boolean wide;
        private final long[] result = new long[2];

        Xxh3Sum(boolean wide) {
            super(wide ? ChecksumAlgorithm.XXH128 : ChecksumAlgorithm.XXH3);
            this.wide = wide;
        }

        @Override
        public void update(byte[] data, int off, int len) {
            state.update(data, off, len);
        }

        @Override
        public void digest(byte[] out, int off) {
            if (wide) {
                state.digest128(result);
                Le.putLong(out, off, result[0]);
                Le.putLong(out, off + 8, result[1]);
            } else {
                Le.putLong(out, off, state.digest64());
            }
            state.reset();
        }
    }

    private static final class NoneSum extends StrongChecksum {
        NoneSum() {
            super(ChecksumAlgorithm.NONE);
        }

        @Override
        public void update(byte[] data, int off, int len) {
        }

        @Override
        public void digest(byte[] out, int off) {
            out[off] = 0;
        }
    }
}
