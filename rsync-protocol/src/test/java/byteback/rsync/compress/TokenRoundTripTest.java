package byteback.rsync.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Every compressor's writer against its reader, over generated token sequences of several files. */
class TokenRoundTripTest {
    /** One step of a file's token stream: literal data (len, seed, compressible) or block i. */
    record Op(boolean literal, int len, long seed, boolean compressible, int block) {
        @Override
        public String toString() {
            return literal ? "lit(" + len + (compressible ? ",z" : "") + ")" : "blk" + block;
        }
    }

    private static final int BLOCKS = 80;

    static byte[] bytes(int len, long seed, boolean compressible) {
        byte[] b = new byte[len];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < len; i++) {
            b[i] = (byte) (compressible ? "the quick brown fox ".charAt(r.nextInt(20)) : r.nextInt());
        }
        return b;
    }

    /** Block i of the basis file; a few are longer than 64 KiB (zlib feeds those in pieces). */
    static byte[] block(int i, int blockLength) {
        return bytes(i % 17 == 5 ? 70_000 + i : blockLength, 1000 + i, i % 3 == 0);
    }

    @Provide
    Arbitrary<List<List<Op>>> sessions() {
        Arbitrary<Op> lit = Combinators.combine(
                        Arbitraries.frequency(
                                net.jqwik.api.Tuple.of(6, 0), net.jqwik.api.Tuple.of(3, 1), net.jqwik.api.Tuple.of(1, 2)),
                        Arbitraries.integers().between(1, 5000),
                        Arbitraries.longs(), Arbitraries.of(true, false))
                .as((size, len, seed, z) -> new Op(true, size == 0 ? len : size == 1 ? len * 13 : 100_000 + len, seed, z, -1));
        Arbitrary<Op> run = Arbitraries.integers().between(0, BLOCKS - 1).map(i -> new Op(false, 0, 0, false, i));
        Arbitrary<Op> op = Arbitraries.oneOf(lit, run, run);
        return op.list().ofMaxSize(25).list().ofMinSize(1).ofMaxSize(4);
    }

    @Property(tries = 40)
    void none(@ForAll("sessions") List<List<Op>> files, @ForAll @IntRange(min = 1, max = 3000) int blockLength) throws IOException {
        roundTrip(Compression.NONE, 0, 31, files, blockLength);
    }

    @Property(tries = 40)
    void zlib(@ForAll("sessions") List<List<Op>> files, @ForAll @IntRange(min = 1, max = 3000) int blockLength) throws IOException {
        roundTrip(Compression.ZLIB, 6, 31, files, blockLength);
    }

    @Property(tries = 20)
    void zlibProtocol30(@ForAll("sessions") List<List<Op>> files, @ForAll @IntRange(min = 1, max = 3000) int blockLength) throws IOException {
        roundTrip(Compression.ZLIB, 1, 30, files, blockLength);
    }

    @Property(tries = 40)
    void zlibx(@ForAll("sessions") List<List<Op>> files, @ForAll @IntRange(min = 1, max = 3000) int blockLength) throws IOException {
        roundTrip(Compression.ZLIBX, 9, 31, files, blockLength);
    }

    @Property(tries = 40)
    void zstd(@ForAll("sessions") List<List<Op>> files, @ForAll @IntRange(min = 1, max = 3000) int blockLength) throws IOException {
        roundTrip(Compression.ZSTD, 3, 31, files, blockLength);
    }

    @Property(tries = 40)
    void lz4(@ForAll("sessions") List<List<Op>> files, @ForAll @IntRange(min = 1, max = 3000) int blockLength) throws IOException {
        roundTrip(Compression.LZ4, 0, 31, files, blockLength);
    }

    @Test
    void longRunsAndFarTokensUseEveryFlag() throws IOException {
        List<Op> ops = new ArrayList<>();
        for (int i = 0; i < 70; i++) {
            ops.add(new Op(false, 0, 0, false, i)); // a run of 70
        }
        ops.add(new Op(false, 0, 0, false, 5)); // backwards: TOKEN_LONG
        ops.add(new Op(true, 10, 1, true, -1));
        ops.add(new Op(false, 0, 0, false, 79)); // relative jump > 63: TOKEN_LONG
        ops.add(new Op(false, 0, 0, false, 79)); // repeated block
        for (Compression c : Compression.values()) {
            roundTrip(c, c.effectiveLevel(null), 31, List.of(ops, List.of(), ops), 100);
        }
    }

    /** Writes the files with the compressor's writer and checks the reader yields the same events. */
    static void roundTrip(Compression c, int level, int protocol, List<List<Op>> files, int blockLength) throws IOException {
        MemoryWire wire = new MemoryWire();
        try (TokenWriter w = c.newWriter(level, protocol)) {
            for (List<Op> file : files) {
                for (Op op : file) {
                    if (op.literal()) {
                        byte[] d = bytes(op.len(), op.seed(), op.compressible());
                        w.literal(wire, d, 0, d.length);
                    } else {
                        byte[] b = block(op.block(), blockLength);
                        w.match(wire, op.block(), b, 0, b.length);
                    }
                }
                w.endOfFile(wire);
            }
        }
        MemoryWire.Input in = wire.input();
        try (TokenReader r = c.newReader(protocol)) {
            for (List<Op> file : files) {
                assertEquals(expected(file, blockLength), decoded(r, in, blockLength), c + " " + file);
            }
        }
        assertEquals(0, in.remaining(), "trailing bytes");
    }

    static List<String> expected(List<Op> file, int blockLength) {
        List<String> events = new ArrayList<>();
        ByteArrayOutputStream lit = new ByteArrayOutputStream();
        for (Op op : file) {
            if (op.literal()) {
                lit.writeBytes(bytes(op.len(), op.seed(), op.compressible()));
            } else {
                flushLiteral(events, lit);
                events.add("block " + op.block());
            }
        }
        flushLiteral(events, lit);
        return events;
    }

    static List<String> decoded(TokenReader r, MemoryWire.Input in, int blockLength) throws IOException {
        List<String> events = new ArrayList<>();
        ByteArrayOutputStream lit = new ByteArrayOutputStream();
        for (;;) {
            int t = r.next(in);
            if (t == 0) {
                break;
            }
            if (t > 0) {
                lit.write(r.literal(), r.literalOffset(), t);
            } else {
                flushLiteral(events, lit);
                int i = -(t + 1);
                events.add("block " + i);
                byte[] b = block(i, blockLength);
                r.seeMatch(b, 0, b.length);
            }
        }
        flushLiteral(events, lit);
        return events;
    }

    private static void flushLiteral(List<String> events, ByteArrayOutputStream lit) {
        if (lit.size() > 0) {
            byte[] b = lit.toByteArray();
            events.add("literal " + b.length + " " + java.util.Arrays.hashCode(b));
            lit.reset();
        }
    }
}
