package byteback.rsync.session;

import byteback.rsync.protocol.ExitCode;

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

/**
 * Session-level rejections of a hostile client, fed a hand-built protocol stream: each ends with
 * rsync's exit code and a message, and leaves what is stored untouched.
 */
class HostileStreamTest {
    private static final byte[] STORED = "stored content".getBytes(StandardCharsets.UTF_8);

    private Path dest;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream toClient = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() throws IOException {
        dest = Files.createTempDirectory("hostile");
        Files.write(dest.resolve("f"), STORED);
    }

    @AfterEach
    void tearDown() throws IOException {
        try (Stream<Path> s = Files.walk(dest)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private int serve(byte[] clientBytes) {
        return RsyncServer.run(List.of("--server", "-re.LsfxCIu", ".", dest.toString()),
                new ByteArrayInputStream(clientBytes), toClient, err, dest, ReceiveListener.NONE);
    }

    private String messages() {
        return err + new String(toClient.toByteArray(), StandardCharsets.ISO_8859_1);
    }

    private void assertStoreUntouched() throws IOException {
        assertArrayEquals(STORED, Files.readAllBytes(dest.resolve("f")));
        try (Stream<Path> s = Files.list(dest)) {
            assertEquals(List.of(dest.resolve("f")), s.toList(), "nothing else in the destination");
        }
    }

    @Test
    void anHonestStreamIsReceived() throws IOException {
        byte[] content = "new content".getBytes(StandardCharsets.UTF_8);
        byte[] script = new ClientScript().hello(31).file("g", content.length).endOfList()
                .transferLiteral(0, content).done().bytes();
        assertEquals(0, serve(script), messages());
        assertArrayEquals(content, Files.readAllBytes(dest.resolve("g")));
    }

    @Test
    void protocol29IsRefusedNamingTheMinimum() throws IOException {
        byte[] script = new ClientScript().hello(29).bytes();
        assertEquals(ExitCode.PROTOCOL, serve(script));
        assertTrue(messages().contains("byteback needs protocol 30 (rsync 3.0) or newer"), messages());
        assertStoreUntouched();
    }

    @Test
    void aTruncatedFileListEndsTheSession() throws IOException {
        byte[] full = new ClientScript().hello(31).file("g", 5).endOfList().bytes();
        byte[] cut = java.util.Arrays.copyOf(full, full.length - 6);
        assertEquals(ExitCode.STREAMIO, serve(cut), messages());
        assertStoreUntouched();
    }

    @Test
    void aTruncatedFileEndsTheSessionWithoutATempFile() throws IOException {
        ClientScript c = new ClientScript().hello(31).file("f", 100).endOfList();
        c.ndx.write(0);
        c.out.writeShort(1 << 15);
        c.sumHead(0, 0, 0, 0);
        c.out.writeInt(100);
        c.out.write(new byte[40], 0, 40);
        assertEquals(ExitCode.STREAMIO, serve(c.bytes()), messages());
        assertStoreUntouched();
    }

    @Test
    void anIndexBeyondTheListIsRefused() throws IOException {
        byte[] script = new ClientScript().hello(31).file("g", 3).endOfList()
                .transferLiteral(5, "abc".getBytes(StandardCharsets.UTF_8)).done().bytes();
        assertEquals(ExitCode.STREAMIO, serve(script), messages());
        assertTrue(messages().contains("Invalid file index"), messages());
        assertStoreUntouched();
    }

    @Test
    void aNegativeIndexIsRefused() throws IOException {
        ClientScript c = new ClientScript().hello(31).file("g", 3).endOfList();
        c.ndx.write(-7);
        assertEquals(ExitCode.STREAMIO, serve(c.bytes()), messages());
        assertTrue(messages().contains("Invalid file index"), messages());
        assertStoreUntouched();
    }

    @Test
    void aNegativeBlockCountIsRefused() throws IOException {
        ClientScript c = new ClientScript().hello(31).file("f", 3).endOfList();
        c.ndx.write(0);
        c.out.writeShort(1 << 15);
        c.sumHead(-1, 700, 2, 0);
        assertEquals(ExitCode.STREAMIO, serve(c.bytes()), messages());
        assertTrue(messages().contains("Invalid checksum count"), messages());
        assertStoreUntouched();
    }

    @Test
    void anOversizedBlockLengthIsRefused() throws IOException {
        ClientScript c = new ClientScript().hello(31).file("f", 3).endOfList();
        c.ndx.write(0);
        c.out.writeShort(1 << 15);
        c.sumHead(1, 1 << 30, 2, 0);
        assertEquals(ExitCode.STREAMIO, serve(c.bytes()), messages());
        assertTrue(messages().contains("Invalid block length"), messages());
        assertStoreUntouched();
    }

    @Test
    void aTokenForABlockBeyondTheBasisIsRefused() throws IOException {
        ClientScript c = new ClientScript().hello(31).file("f", 700).endOfList();
        c.ndx.write(0);
        c.out.writeShort(1 << 15);
        c.sumHead(10, 700, 2, 0); // claims 10 blocks; the stored basis has 14 bytes
        c.out.writeInt(-(5 + 1));
        assertEquals(ExitCode.STREAMIO, serve(c.bytes()), messages());
        assertTrue(messages().contains("beyond the basis"), messages());
        assertStoreUntouched();
    }

    @Test
    void aTokenForABlockBeyondTheCountIsRefused() throws IOException {
        ClientScript c = new ClientScript().hello(31).file("f", 700).endOfList();
        c.ndx.write(0);
        c.out.writeShort(1 << 15);
        c.sumHead(1, 700, 2, 14);
        c.out.writeInt(-(3 + 1));
        assertEquals(ExitCode.STREAMIO, serve(c.bytes()), messages());
        assertTrue(messages().contains("Invalid block index"), messages());
        assertStoreUntouched();
    }

    @Test
    void anOversizedMessageIsRefused() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(new byte[] {31, 0, 0, 0});
        b.write(new byte[] {0, 0, (byte) 0xF0, (byte) (7 + 2)}); // MSG_INFO of 15 MiB
        assertEquals(ExitCode.STREAMIO, serve(b.toByteArray()), messages());
        assertStoreUntouched();
    }

    @Test
    void anOversizedNameLengthIsRefused() throws IOException {
        ClientScript c = new ClientScript().hello(31);
        c.out.writeByte(0x40);
        c.out.writeVarint(1 << 20);
        assertEquals(ExitCode.STREAMIO, serve(c.bytes()), messages());
        assertStoreUntouched();
    }

    @Test
    void aTransferRequestInTheLastPhaseIsRefused() throws IOException {
        ClientScript c = new ClientScript().hello(31).file("g", 3).endOfList();
        c.ndx.write(-1);
        c.ndx.write(-1);
        c.transferLiteral(0, "abc".getBytes(StandardCharsets.UTF_8));
        assertEquals(ExitCode.STREAMIO, serve(c.bytes()), messages());
        assertTrue(messages().contains("phase 2"), messages());
        assertStoreUntouched();
    }
}
