package byteback.rsync.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.compress.Compression;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Impossible sum heads, block references and compressed bombs in the delta stream (rsync's
 * CVE-2024-12084 sum2 overflow and CVE-2024-12085 basis-compare info leak are about these): each
 * ends the session with a message, what is stored stays, no temp file stays.
 */
class DeltaAttacksTest {
    private static final String FLAGS = "-re.LsfxCIu";
    private static final byte[] STORED = EvilClient.bytes("x".repeat(1400)); // two 700-byte blocks
    private Sandbox box;
    private Map<String, String> stored;

    @BeforeEach
    void setUp() throws IOException {
        box = new Sandbox();
        Files.write(box.dest.resolve("f"), STORED);
        stored = box.digestDest();
    }

    @AfterEach
    void tearDown() throws IOException {
        box.close();
    }

    private EvilClient start() {
        return new EvilClient().hello().dir(".").file("f", 1400).endOfList();
    }

    private void assertRefused(EvilClient c, String word) {
        Sandbox.Outcome o = box.serve(FLAGS, c.bytes());
        assertEquals(12, o.exit(), o.messages());
        assertTrue(o.messages().contains(word), "expected '" + word + "' in: " + o.messages());
        assertEquals(stored, box.digestDest(), "what is stored stays as it was (and no temp file)");
        box.assertOutsideUntouched();
    }

    @Test
    void aStrongSumLongerThanTheDigestIsRefused() {
        // CVE-2024-12084: s2length beyond the digest overflowed rsync's sum2 buffer
        assertRefused(start().transferHead(1, 2, 700, 17, 0), "Invalid checksum length");
    }

    @Test
    void aNegativeStrongSumLengthIsRefused() {
        assertRefused(start().transferHead(1, 2, 700, -1, 0), "Invalid checksum length");
    }

    @Test
    void blocksOfLengthZeroAreRefused() {
        assertRefused(start().transferHead(1, 2, 0, 16, 0), "Invalid zero block length");
    }

    @Test
    void aRemainderLongerThanTheBlockIsRefused() {
        assertRefused(start().transferHead(1, 2, 700, 16, 701), "Invalid remainder length");
    }

    @Test
    void aNegativeBlockLengthIsRefused() {
        assertRefused(start().transferHead(1, 2, -700, 16, 0), "Invalid block length");
    }

    @Test
    void aBlockIndexFarBeyondTheBasisIsRefused() {
        // count and index near 2^31: the offset must not wrap around into the basis
        EvilClient c = start().transferHead(1, Integer.MAX_VALUE, 1 << 17, 16, 0);
        c.io(() -> c.out.writeInt(-(Integer.MAX_VALUE - 1) - 1));
        assertRefused(c, "beyond the basis");
    }

    @Test
    void aBlockOverlappingTheBasisEndIsRefused() {
        // block 1 of 1000 bytes would read bytes 1000..1999 of a 1400-byte basis
        EvilClient c = start().transferHead(1, 2, 1000, 16, 0);
        c.io(() -> c.out.writeInt(-(1) - 1));
        assertRefused(c, "beyond the basis");
    }

    @Test
    void anImpossibleBlockCountAllocatesNothing() throws IOException {
        // 2^31-1 blocks announced, none used: the file arrives as literal data
        byte[] content = EvilClient.bytes("literal\n");
        EvilClient c = start().transferHead(1, Integer.MAX_VALUE, 700, 16, 0).literalTokens(content)
                .endOfFile(EvilClient.md5(content)).done();
        Sandbox.Outcome o = box.serve(FLAGS, c.bytes());
        assertEquals(0, o.exit(), o.messages());
        assertEquals("literal\n", Files.readString(box.dest.resolve("f")));
        box.assertOutsideUntouched();
    }

    @Test
    void aLiteralRunCutShortEndsTheSession() {
        EvilClient c = start().transferHead(1, 0, 0, 0, 0);
        c.io(() -> {
            c.out.writeInt(Integer.MAX_VALUE); // a 2 GiB literal run, then the stream ends
            c.out.write(new byte[100], 0, 100);
        });
        assertRefused(c, "rsync");
    }

    @Test
    void aZstdBombWithAWrongChecksumLeavesTheStoredFile() {
        bomb(Compression.ZSTD, "--compress-choice=zstd");
    }

    @Test
    void aZlibBombWithAWrongChecksumLeavesTheStoredFile() {
        bomb(Compression.ZLIB, "-z");
    }

    /** 16 MiB of zeros in a few kilobytes of compressed tokens, twice, with a wrong checksum. */
    private void bomb(Compression compression, String option) {
        byte[] zeros = new byte[16 << 20];
        byte[] wrong = new byte[16];
        EvilClient c = new EvilClient().compressed(compression).hello().dir(".").file("f", 1400).endOfList();
        c.transferHead(1, 0, 0, 0, 0).literalTokens(zeros).endOfFile(wrong);
        c.io(() -> c.ndx.write(-1)); // end of phase 1; the redo phase gets the same again
        c.transferHead(1, 0, 0, 0, 0).literalTokens(zeros).endOfFile(wrong);
        c.io(() -> {
            for (int i = 0; i < 3; i++) {
                c.ndx.write(-1);
            }
        });
        byte[] stream = c.bytes();
        assertTrue(stream.length < 1 << 20, "a bomb: " + stream.length + " bytes on the wire");
        Sandbox.Outcome o = box.serve(new java.util.ArrayList<>(java.util.List.of("--server", "-re.LsfxCIu", option,
                ".", box.dest.toString())), new java.io.ByteArrayInputStream(stream),
                byteback.rsync.receiver.ReceiveListener.NONE);
        assertNotEquals(0, o.exit(), o.messages());
        assertTrue(o.messages().contains("failed verification"), o.messages());
        assertEquals(stored, box.digestDest(), "the stored file stays, no temp file");
        box.assertOutsideUntouched();
    }
}
