package byteback.rsync.checksum;

import java.io.IOException;

/**
 * The peers could not agree on a checksum or compressor, or an option named an unknown one.
 * rsync ends such a session with RERR_UNSUPPORTED, exit code 4; the message holds rsync's lines
 * (e.g. "Failed to negotiate a checksum choice." and both lists).
 */
public class NegotiationException extends IOException {
    /** rsync: errcode.h RERR_UNSUPPORTED. */
    public static final int EXIT_CODE = 4;

    public NegotiationException(String message) {
        super(message);
    }

    public int exitCode() {
        return EXIT_CODE;
    }
}
