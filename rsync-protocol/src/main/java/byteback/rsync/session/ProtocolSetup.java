package byteback.rsync.session;

import byteback.rsync.options.ServerOptions;
import byteback.rsync.protocol.CompatFlags;
import byteback.rsync.protocol.ExitCode;
import byteback.rsync.protocol.Protocol;
import byteback.rsync.protocol.SessionException;

import byteback.rsync.checksum.ChecksumChoice;
import byteback.rsync.checksum.NegotiationException;
import byteback.rsync.compress.CompressionChoice;
import byteback.rsync.compress.Compression;
import byteback.rsync.wire.WireReader;
import byteback.rsync.wire.WireWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

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

    private static final int MAX_NSTR = 1024;

    private ProtocolSetup() {}

    /**
     * The server's setup for the options the client sent (either role): {@link #negotiate}, then
     * the compressor at the client's --compress-level (zlib/zlibx at level 0 send plain tokens, as
     * rsync's do).
     */
    public static Protocol negotiateAsServer(WireReader in, WireWriter out, ServerOptions options)
            throws IOException {
        var choice = options.compressChoice();
        // incremental recursion, both as the receiver and as the sender (rsync: set_allow_inc_recurse)
        boolean incRecurse = options.incrementalRecursion();
        Protocol p = negotiate(in, out, options.capabilities().raw(), options.checksumChoice(), options.compress(),
                choice == null ? null : choice.wireName(), incRecurse);
        Compression compression = p.compression().withLevel(options.compressLevel());
        if (compression == p.compression()) {
            return p;
        }
        return new Protocol(p.version(), p.compatFlags(), p.checksum(), p.fileChecksum(), compression, p.seed());
    }

    /**
     * @param caps           the client's capability string (after {@code -e}), "" when absent
     * @param checksumChoice the client's --checksum-choice, or null
     * @param compress       whether the client asked for compression (-z)
     * @param compressChoice the client's --compress-choice (--zc), or null
     */
    public static Protocol negotiate(WireReader in, WireWriter out, String caps, String checksumChoice,
            boolean compress, String compressChoice) throws IOException {
        return negotiate(in, out, caps, checksumChoice, compress, compressChoice, false);
    }

    /** As above; {@code incRecurse}: the server accepts incremental recursion (CF_INC_RECURSE). */
    public static Protocol negotiate(WireReader in, WireWriter out, String caps, String checksumChoice,
            boolean compress, String compressChoice, boolean incRecurse) throws IOException {
        // rsync: compat.c setup_protocol — version exchange
        out.writeInt(OUR_VERSION);
        out.flush();
        int remote = in.readInt();
        if (remote < MIN_VERSION) {
            throw new SessionException(ExitCode.PROTOCOL, "byteback needs protocol " + MIN_VERSION
                    + " (rsync 3.0) or newer; the client speaks protocol " + remote);
        }
        int version = Math.min(OUR_VERSION, remote);

        int flags = CompatFlags.forClient(caps, incRecurse);
        if (caps.indexOf('V') >= 0 && caps.indexOf('v') < 0) {
            out.writeByte(flags);
        } else {
            out.writeVarint(flags);
        }
        boolean negotiated = caps.indexOf('v') >= 0;

        // rsync: compat.c negotiate_the_strings — send ours first, then read theirs
        ChecksumChoice checksum;
        Compression compression;
        try {
            if (negotiated) {
                if (checksumChoice == null) {
                    out.writeVstring(ChecksumChoice.ourList(true).getBytes(StandardCharsets.US_ASCII));
                }
                if (compress && compressChoice == null) {
                    out.writeVstring(CompressionChoice.ourList(true).getBytes(StandardCharsets.US_ASCII));
                }
                out.flush();
            }
            checksum = negotiated && checksumChoice == null
                    ? ChecksumChoice.negotiateAsServer(readList(in))
                    : ChecksumChoice.fixed(checksumChoice, version);
            compression = negotiated && compress && compressChoice == null
                    ? CompressionChoice.negotiateAsServer(readList(in))
                    : CompressionChoice.fixed(compress, compressChoice);
        } catch (NegotiationException e) {
            throw new SessionException(ExitCode.UNSUPPORTED, e.getMessage());
        }

        int seed = new SecureRandom().nextInt();
        if (seed == 0) {
            seed = 1;
        }
        out.writeInt(seed);
        out.flush();
        return new Protocol(version, flags, checksum.transfer(), checksum.file(), compression, seed);
    }

    private static String readList(WireReader in) throws IOException {
        return new String(in.readVstring(MAX_NSTR), StandardCharsets.US_ASCII);
    }
}
