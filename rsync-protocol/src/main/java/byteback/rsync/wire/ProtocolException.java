package byteback.rsync.wire;

import java.io.IOException;

/**
 * The peer sent something the protocol does not allow (a malformed or hostile stream). Ends the
 * connection with rsync's "protocol data stream error" (exit code 12) and this message.
 */
public class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }
}
