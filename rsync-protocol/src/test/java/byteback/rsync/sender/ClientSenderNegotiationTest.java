package byteback.rsync.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.filter.FilterList;
import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.options.ServerOptions;
import byteback.rsync.protocol.CompatFlags;
import byteback.rsync.protocol.ExitCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The client's sender (the jar's backup) takes incremental recursion only when it offered it: a
 * server that chooses it unasked is refused as rsync refuses it (compat.c setup_protocol:
 * "Incompatible options specified for inc-recursive connection", exit 1).
 */
class ClientSenderNegotiationTest {
    /** A server's hello: protocol 32, these compatibility flags (one varint byte), a checksum seed. */
    private static byte[] serverHello(int flags) {
        return new byte[] {32, 0, 0, 0, (byte) flags, 0x39, 0x30, 0, 0};
    }

    private static SendResult send(String capabilities, int serverFlags, ByteArrayOutputStream err) throws Exception {
        ServerOptions options = ServerOptions.parse(List.of("--server", "--sender", "-logDtprRe." + capabilities, ".", "x"));
        return SendSession.forClient(options, new ByteArrayInputStream(serverHello(serverFlags)), new ByteArrayOutputStream(),
                err, null, List.of(), FilterList.EMPTY, MemoryBudget.UNLIMITED).run();
    }

    @Test
    void incrementalRecursionUnaskedIsRefused() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SendResult r = send("LsfxCIu", CompatFlags.INC_RECURSE | CompatFlags.SAFE_FLIST, err);
        assertEquals(ExitCode.SYNTAX, r.exitCode(), err.toString(StandardCharsets.UTF_8));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("chose incremental recursion"),
                err.toString(StandardCharsets.UTF_8));
    }
}
