package byteback.rsync.checksum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import byteback.rsync.compress.Compression;
import byteback.rsync.compress.CompressionChoice;
import java.util.List;
import org.junit.jupiter.api.Test;

class NegotiationTest {
    @Test
    void ourListsAreRsyncs() {
        // stock rsync 3.5.0 -V: "xxh128 xxh3 xxh64 (xxhash) md5 md4 sha1 none", "zstd lz4 zlibx zlib none"
        assertEquals("xxh128 xxh3 xxh64 md5 md4 sha1 none", ChecksumChoice.ourList(true));
        assertEquals("xxh128 xxh3 xxh64 md5 md4 sha1", ChecksumChoice.ourList(false));
        assertEquals("zstd lz4 zlibx zlib none", CompressionChoice.ourList(true));
        assertEquals("zstd lz4 zlibx zlib", CompressionChoice.ourList(false));
    }

    @Test
    void serverTakesTheClientsFirstSupportedName() throws NegotiationException {
        assertEquals(ChecksumAlgorithm.XXH128, ChecksumChoice.negotiateAsServer("xxh128 xxh3 xxh64 md5 md4 sha1").transfer());
        assertEquals(ChecksumAlgorithm.MD5, ChecksumChoice.negotiateAsServer("blake3 MD5 xxh128").file());
        assertEquals(ChecksumAlgorithm.XXH64, ChecksumChoice.negotiateAsServer("  xxhash   md4 ").transfer());
        assertEquals(Compression.ZLIB, CompressionChoice.negotiateAsServer("zlib zstd"));
        assertEquals(Compression.ZSTD, CompressionChoice.negotiateAsServer("zstd lz4 zlibx zlib"));
    }

    @Test
    void clientTakesItsOwnFirstNameTheServerListed() throws NegotiationException {
        assertEquals(ChecksumAlgorithm.XXH3, ChecksumChoice.negotiateAsClient("md5 xxh3").transfer());
        assertEquals(Compression.LZ4, CompressionChoice.negotiateAsClient("zlib lz4 none"));
    }

    @Test
    void noCommonNameFailsWithRsyncsMessage() {
        NegotiationException e = assertThrows(NegotiationException.class, () -> ChecksumChoice.negotiateAsServer("blake3 sha512"));
        assertEquals("Failed to negotiate a checksum choice.\n"
                + "Client checksum list: blake3 sha512\n"
                + "Server checksum list: xxh128 xxh3 xxh64 md5 md4 sha1 none", e.getMessage());
        assertEquals(4, e.exitCode());
        assertThrows(NegotiationException.class, () -> CompressionChoice.negotiateAsServer(""));
    }

    @Test
    void parsingDropsUnknownsAndDuplicatesAndStopsAtAmpersand() {
        assertEquals(List.of(ChecksumAlgorithm.MD5, ChecksumAlgorithm.XXH64),
                ChecksumChoice.NEGOTIATION.parse("foo md5 xxhash xxh64 MD5&xxh128"));
    }

    @Test
    void withoutNegotiation() throws NegotiationException {
        assertEquals(new ChecksumChoice(ChecksumAlgorithm.MD5, ChecksumAlgorithm.MD5, false), ChecksumChoice.fixed(null, 31));
        assertEquals(ChecksumAlgorithm.MD4, ChecksumChoice.fixed(null, 29).transfer());
        assertEquals(ChecksumAlgorithm.MD5, ChecksumChoice.fixed("auto", 30).transfer());
        ChecksumChoice split = ChecksumChoice.fixed("xxh64,md5", 31);
        assertEquals(ChecksumAlgorithm.XXH64, split.transfer());
        assertEquals(ChecksumAlgorithm.MD5, split.file());
        assertEquals("unknown checksum name: crc32",
                assertThrows(NegotiationException.class, () -> ChecksumChoice.fixed("crc32", 31)).getMessage());
        assertEquals(Compression.ZLIB, CompressionChoice.fixed(true, null));
        assertEquals(Compression.NONE, CompressionChoice.fixed(false, null));
        assertEquals(Compression.ZSTD, CompressionChoice.fixed(true, "zstd"));
        assertEquals("unknown compress name: brotli",
                assertThrows(NegotiationException.class, () -> CompressionChoice.fixed(true, "brotli")).getMessage());
    }

    @Test
    void compressionLevels() {
        assertEquals(6, Compression.ZLIB.effectiveLevel(null));
        assertEquals(9, Compression.ZLIB.effectiveLevel(12));
        assertEquals(true, Compression.ZLIB.isOffLevel(0));
        assertEquals(3, Compression.ZSTD.effectiveLevel(0));
        assertEquals(22, Compression.ZSTD.effectiveLevel(99));
        assertEquals(0, Compression.LZ4.effectiveLevel(5));
        // rsync: zlib/zlibx at level 0 means no compression at all, on both sides
        assertEquals(Compression.NONE, Compression.ZLIB.withLevel(0));
        assertEquals(Compression.NONE, Compression.ZLIBX.withLevel(0));
        assertEquals(Compression.ZLIB, Compression.ZLIB.withLevel(null));
        assertEquals(Compression.ZSTD, Compression.ZSTD.withLevel(0));
        assertEquals(Compression.LZ4, Compression.LZ4.withLevel(0));
    }
}
