package byteback.rsync.session;

import byteback.rsync.checksum.ChecksumAlgorithm;
import byteback.rsync.compress.Compression;
import byteback.rsync.wire.WireReader;
import byteback.rsync.wire.WireWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

/**
 * The server's half of rsync's protocol setup (rsync: compat.c setup_protocol and
 * negotiate_the_strings): version exchange, compatibility flags, checksum and compressor choice,
 * the checksum seed. Runs before the streams are multiplexed.
 */
public final class ProtocolSetup {
    /** The newest protocol we speak (rsync 3.2+). */
    public static final int OUR_VERSION = 32;
    /** The oldest protocol we accept. */
    public static final int MIN_VERSION = 30;

    /** Checksums in our order of preference (rsync: checksum.c valid_checksums_items). */
    public static final List<String> CHECKSUMS = List.of("xxh128", "xxh3", "xxh64", "md5", "md4", "none");
    /** Compressors in our order of preference (rsync: compat.c valid_compressions_items). */
    public static final List<String> COMPRESSIONS = List.of("zstd", "lz4", "zlibx", "zlib", "none");

    private static final int MAX_NSTR = 1024;

    private ProtocolSetup() {}

    /**
     * @param caps           the client's capability string (after {@code -e}), "" when absent
     * @param checksumChoice the client's --checksum-choice, or null
     * @param compress       whether the client asked for compression (-z)
     * @param compressChoice the client's --compress-choice (--zc), or null
     */
    public static Protocol negotiate(WireReader in, WireWriter out, String caps, String checksumChoice,
            boolean compress, String compressChoice) throws IOException {
        // rsync: compat.c setup_protocol — version exchange
        out.writeInt(OUR_VERSION);
        out.flush();
        int remote = in.readInt();
        if (remote < MIN_VERSION) {
            throw new SessionException(ExitCode.PROTOCOL, "byteback needs protocol " + MIN_VERSION
                    + " (rsync 3.0) or newer; the client speaks protocol " + remote);
        }
        int version = Math.min(OUR_VERSION, remote);

        int flags = CompatFlags.forClient(caps);
        if (caps.indexOf('V') >= 0 && caps.indexOf('v') < 0) {
            out.writeByte(flags);
        } else {
            out.writeVarint(flags);
        }
        boolean negotiated = caps.indexOf('v') >= 0;

        // rsync: compat.c negotiate_the_strings — send ours first, then read theirs
        ChecksumAlgorithm checksum;
        Compression compression;
        if (negotiated) {
            if (checksumChoice == null) {
                out.writeVstring(String.join(" ", CHECKSUMS).getBytes(StandardCharsets.US_ASCII));
            }
            if (compress && compressChoice == null) {
                out.writeVstring(String.join(" ", COMPRESSIONS).getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        }
        if (checksumChoice != null) {
            checksum = checksumByName(checksumChoice);
        } else if (negotiated) {
            checksum = checksumByName(pick("checksum", CHECKSUMS, in));
        } else {
            checksum = ChecksumAlgorithm.MD5;
        }
        if (!compress) {
            compression = Compression.NONE;
        } else if (compressChoice != null) {
            compression = compressionByName(compressChoice);
        } else if (negotiated) {
            compression = compressionByName(pick("compress", COMPRESSIONS, in));
        } else {
            compression = Compression.ZLIB;
        }

        int seed = new SecureRandom().nextInt();
        if (seed == 0) {
            seed = 1;
        }
        out.writeInt(seed);
        out.flush();
        return new Protocol(version, flags, checksum, compression, seed);
    }

    private static String pick(String what, List<String> ours, WireReader in) throws IOException {
        String theirs = new String(in.readVstring(MAX_NSTR), StandardCharsets.US_ASCII);
        String chosen = NameNegotiation.choose(ours, theirs);
        if (chosen == null) {
            throw new SessionException(ExitCode.UNSUPPORTED, "Failed to negotiate a " + what + " choice.\n"
                    + "Client " + what + " list: " + theirs + "\nServer " + what + " list: " + String.join(" ", ours));
        }
        return chosen;
    }

    private static ChecksumAlgorithm checksumByName(String name) throws SessionException {
        String n = name.contains(",") ? name.substring(0, name.indexOf(',')) : name;
        if (n.equals("auto")) {
            return ChecksumAlgorithm.MD5;
        }
        ChecksumAlgorithm a = ChecksumAlgorithm.byWireName(n);
        if (a == null) {
            throw new SessionException(ExitCode.UNSUPPORTED, "unknown checksum name: " + name);
        }
        return a;
    }

    private static Compression compressionByName(String name) throws SessionException {
        if (name.equals("auto")) {
            return Compression.ZLIB;
        }
        Compression c = Compression.byWireName(name);
        if (c == null) {
            throw new SessionException(ExitCode.UNSUPPORTED, "unknown compress name: " + name);
        }
        return c;
    }
}
