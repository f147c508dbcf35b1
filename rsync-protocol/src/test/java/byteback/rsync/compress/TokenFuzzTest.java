package byteback.rsync.compress;

import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.fuzz.Fuzz;
import byteback.rsync.wire.IoClock;
import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Fuzzing (see {@link Fuzz}) of the token stream of every compressor (rsync: token.c
 * recv_token): streams of several files written by our writers (which stock rsync reads, see
 * {@link StockRsyncStreamTest}) — literal data compressible and not, matched blocks singly and in
 * runs — mutated and read as the receiver reads them: tokens until the end of each file, each
 * matched block checked against the basis' block count and fed back ({@link TokenReader#seeMatch}).
 * A literal piece is never larger than the reader's buffer, whatever the compressed data claims.
 */
class TokenFuzzTest {
    private static final int BLOCKS = 40;
    private static final int BLOCK = 700;
    private static final byte[] BASIS = new byte[BLOCKS * BLOCK];

    static {
        new SplittableRandom(7).nextBytes(BASIS);
    }

    /** The first byte picks the protocol (even: 31, odd: 30); the token stream follows. */
    static List<byte[]> seeds(Compression c) throws IOException {
        List<byte[]> seeds = new ArrayList<>();
        for (int protocol : new int[] {31, 30}) {
            for (int variant = 0; variant < 2; variant++) {
                MemoryWire w = new MemoryWire();
                w.writeByte(protocol == 31 ? 0 : 1);
                SplittableRandom r = new SplittableRandom(variant);
                try (TokenWriter tw = c.newWriter(c.effectiveLevel(null), protocol)) {
                    for (int file = 0; file < 3; file++) {
                        byte[] text = ("line " + file + " of some compressible text\n").repeat(40 + variant * 200)
                                .getBytes();
                        tw.literal(w, text, 0, text.length);
                        for (int i = 0; i < 5; i++) {
                            tw.match(w, i, BASIS, i * BLOCK, BLOCK);
                        }
                        byte[] noise = new byte[300 + variant * 5000];
                        r.nextBytes(noise);
                        tw.literal(w, noise, 0, noise.length);
                        int at = 10 + file;
                        tw.match(w, at, BASIS, at * BLOCK, BLOCK);
                        tw.match(w, 30, BASIS, 30 * BLOCK, BLOCK);
                        tw.endOfFile(w);
                    }
                }
                seeds.add(w.toByteArray());
            }
        }
        return seeds;
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void mutatedTokenStreams(Compression c) throws IOException {
        Fuzz.run("tokens-" + c.wireName(), seeds(c), c == Compression.NONE || c == Compression.LZ4 ? 10_000 : c == Compression.ZSTD ? 1_500 : 3_000,
                Fuzz.IO_EXCEPTIONS, 2 << 20, input -> decode(c, input));
    }

    @BeforeAll
    static void jazzerSeeds() throws IOException {
        for (Compression c : Compression.values()) {
            Fuzz.jazzerSeeds(TokenFuzzTest.class, "jazzer" + c, seeds(c));
        }
    }

    @FuzzTest(maxDuration = Fuzz.JAZZER_DURATION)
    void jazzerNONE(byte[] input) {
        Fuzz.jazzer(input, Fuzz.IO_EXCEPTIONS, in -> decode(Compression.NONE, in));
    }

    @FuzzTest(maxDuration = Fuzz.JAZZER_DURATION)
    void jazzerZLIB(byte[] input) {
        Fuzz.jazzer(input, Fuzz.IO_EXCEPTIONS, in -> decode(Compression.ZLIB, in));
    }

    @FuzzTest(maxDuration = Fuzz.JAZZER_DURATION)
    void jazzerZLIBX(byte[] input) {
        Fuzz.jazzer(input, Fuzz.IO_EXCEPTIONS, in -> decode(Compression.ZLIBX, in));
    }

    @FuzzTest(maxDuration = Fuzz.JAZZER_DURATION)
    void jazzerZSTD(byte[] input) {
        Fuzz.jazzer(input, Fuzz.IO_EXCEPTIONS, in -> decode(Compression.ZSTD, in));
    }

    @FuzzTest(maxDuration = Fuzz.JAZZER_DURATION)
    void jazzerLZ4(byte[] input) {
        Fuzz.jazzer(input, Fuzz.IO_EXCEPTIONS, in -> decode(Compression.LZ4, in));
    }

    static void decode(Compression c, byte[] input) throws IOException {
        if (input.length == 0) {
            return;
        }
        WireReader in = new WireReader(Fuzz.stream(input), new IoClock(), 4096);
        int protocol = (in.readByte() & 1) == 0 ? 31 : 30;
        try (TokenReader reader = c.newReader(protocol)) {
            while (true) {
                int t = reader.next(in);
                if (t > 0) {
                    assertTrue(t <= reader.literal().length - reader.literalOffset(), "piece " + t);
                } else if (t < 0) {
                    int block = -(t + 1);
                    if (block >= BLOCKS) { // rsync: receiver.c "Invalid block number"
                        throw new ProtocolException("invalid block " + block);
                    }
                    reader.seeMatch(BASIS, block * BLOCK, BLOCK);
                }
            }
        }
    }
}
