package byteback.rsync.session;

import byteback.rsync.checksum.ChecksumChoice;
import byteback.rsync.checksum.NegotiationException;
import byteback.rsync.compress.Compression;
import byteback.rsync.compress.CompressionChoice;
import byteback.rsync.protocol.CompatFlags;
import byteback.rsync.protocol.ExitCode;
import byteback.rsync.protocol.Protocol;
import byteback.rsync.protocol.SessionException;
import byteback.rsync.wire.WireReader;
import byteback.rsync.wire.WireWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The client's half of rsync's protocol setup (rsync: compat.c setup_protocol and
 * negotiate_the_strings with am_server = 0): both sides write their version and read the other's;
 * the server decides the compatibility flags (a varint; a byte is read the same way) and the client
 * reads them; when the flags say so, both send their checksum (and, with -z, compressor) lists
 * before reading the other's, and each picks its own first choice the peer also offers; last the
 * client reads the checksum seed. Runs before the streams are multiplexed.
 */
public final class ClientProtocolSetup {
    /** The newest protocol we speak. */
    public static final int OUR_VERSION = 32;
    /** The oldest protocol we accept from a server. */
    public static final int MIN_VERSION = 30;
    private static final int MAX_NSTR = 1024;

    private ClientProtocolSetup() {}

    public static Protocol negotiate(WireReader in, WireWriter out, boolean compress) throws IOException {
        out.writeInt(OUR_VERSION);
        out.flush();
        int remote = in.readInt();
        if (remote < MIN_VERSION || remote > 1000) {
            // a shell that prints something before the server starts shows up as a huge "version"
            throw new SessionException(ExitCode.PROTOCOL, remote > 1000
                    ? "protocol version mismatch -- is the server's shell clean? (read " + Integer.toHexString(remote) + ")"
                    : "the server speaks protocol " + remote + "; byteback needs " + MIN_VERSION + " (rsync 3.0) or newer");
        }
        int version = Math.min(OUR_VERSION, remote);
        int flags = in.readVarint();
        boolean negotiated = (flags & CompatFlags.VARINT_FLIST_FLAGS) != 0;
        try {
            ChecksumChoice checksum;
            Compression compression;
            if (negotiated) {
                out.writeVstring(ChecksumChoice.ourList(false).getBytes(StandardCharsets.US_ASCII));
                if (compress) out.writeVstring(CompressionChoice.ourList(false).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                checksum = ChecksumChoice.negotiateAsClient(readList(in));
                compression = compress ? CompressionChoice.negotiateAsClient(readList(in)) : Compression.NONE;
            } else {
                checksum = ChecksumChoice.fixed(null, version);
                compression = CompressionChoice.fixed(compress, null);
            }
            int seed = in.readInt();
            return new Protocol(version, flags, checksum.transfer(), checksum.file(), compression, seed);
        } catch (NegotiationException e) {
            throw new SessionException(ExitCode.UNSUPPORTED, e.getMessage());
        }
    }

    private static String readList(WireReader in) throws IOException {
        return new String(in.readVstring(MAX_NSTR), StandardCharsets.US_ASCII);
    }
}
