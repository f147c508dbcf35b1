package byteback.rsync.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import byteback.rsync.wire.MessageCode;
import byteback.rsync.wire.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * MSG_DELETED: a verbose receiving server (stock rsync or ours) tells the client's sender each
 * name it deletes; the client shows "deleting NAME" as rsync's does, a server never takes one.
 */
class ClientMessageHandlerTest {
    @Test
    void theClientShowsWhatTheServerDeleted() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ClientMessageHandler h = new ClientMessageHandler(new ClientMessages(null, err, true));
        h.onMessage(MessageCode.DELETED, "d/f".getBytes(StandardCharsets.US_ASCII));
        h.onMessage(MessageCode.DELETED, "d/sub\0".getBytes(StandardCharsets.US_ASCII));
        assertEquals("deleting d/f\ndeleting d/sub/\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aServerOrAnOverlongNameIsRefused() {
        ClientMessageHandler server = new ClientMessageHandler(new ClientMessages(null, new ByteArrayOutputStream(), false));
        assertThrows(ProtocolException.class, () -> server.onMessage(MessageCode.DELETED, new byte[] {'x'}));
        ClientMessageHandler client = new ClientMessageHandler(new ClientMessages(null, new ByteArrayOutputStream(), true));
        assertThrows(ProtocolException.class, () -> client.onMessage(MessageCode.DELETED, new byte[6000]));
    }
}
