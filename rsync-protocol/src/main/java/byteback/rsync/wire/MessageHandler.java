package byteback.rsync.wire;

import java.io.IOException;

/**
 * Receives the out-of-band messages (everything but MSG_DATA) found while demultiplexing the
 * client's stream (rsync: io.c read_a_msg). May throw to end the session.
 */
@FunctionalInterface
public interface MessageHandler {
    void onMessage(int code, byte[] payload) throws IOException;
}
