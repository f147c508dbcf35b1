package byteback.rsync.session;

import byteback.rsync.protocol.ExitCode;

import byteback.testsupport.Trees;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.receiver.ReceiveListener;
import byteback.rsync.server.RsyncServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** rsync's redo phase: a file whose whole-file checksum does not match is asked for again. */
class RedoTest {
    private Path dest;
    private final ByteArrayOutputStream toClient = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws IOException {
        dest = Files.createTempDirectory("redo");
    }

    @AfterEach
    void tearDown() throws IOException {
        Trees.delete(dest);
    }

    private int serve(byte[] script) {
        return RsyncServer.run(List.of("--server", "-re.LsfxCIu", ".", dest.toString()),
                new ByteArrayInputStream(script), toClient, err, dest, ReceiveListener.NONE);
    }

    private String sent() {
        return new String(toClient.toByteArray(), StandardCharsets.ISO_8859_1) + err;
    }

    @Test
    void mismatchIsRedoneAndThenStored() throws IOException {
        byte[] content = "the right content".getBytes(StandardCharsets.UTF_8);
        byte[] script = new ClientScript().hello(31).file("g", content.length).endOfList()
                .transferCorrupt(0, content).phaseDone().transferLiteral(0, content).doneAfterFirstPhase().bytes();
        assertEquals(0, serve(script), sent());
        assertTrue(sent().contains("failed verification -- update discarded (will try again)"), sent());
        assertArrayEquals(content, Files.readAllBytes(dest.resolve("g")));
    }

    @Test
    void secondMismatchIsAnErrorAndNothingIsStored() throws IOException {
        byte[] content = "never right".getBytes(StandardCharsets.UTF_8);
        byte[] script = new ClientScript().hello(31).file("g", content.length).endOfList()
                .transferCorrupt(0, content).phaseDone().transferCorrupt(0, content).doneAfterFirstPhase().bytes();
        assertEquals(ExitCode.PARTIAL, serve(script), sent());
        assertTrue(sent().contains("ERROR: g failed verification -- update discarded."), sent());
        try (Stream<Path> s = Files.list(dest)) {
            assertEquals(List.of(), s.toList());
        }
    }
}
