package byteback.rsync.sender;

import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.fuzz.Fuzz;
import byteback.rsync.protocol.SumHead;
import byteback.rsync.wire.IoClock;
import byteback.rsync.wire.WireReader;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fuzzing (see {@link Fuzz}) of the sum heads a client sends (rsync: io.c read_sum_head): the
 * receiver reads them before each file's data, the sender (restores) before the block checksums
 * of the client's basis file, which it then holds ({@link BlockSums#read}, after the same bound on
 * their size as {@code FileSender} applies).
 */
class SumHeadFuzzTest {
    /** What the sender lets one file's sums take in this test (FileSender's bound is the session's). */
    private static final long MAX_SUM_BYTES = 1 << 20;

    static List<byte[]> seeds() {
        List<byte[]> seeds = new ArrayList<>();
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        head(b, 0, 0, 0, 0);
        head(b, 3, 700, 16, 100);
        sums(b, 3, 16);
        head(b, 1, 131072, 2, 0);
        sums(b, 1, 2);
        head(b, 2, 2048, 16, 2048);
        sums(b, 2, 16);
        seeds.add(b.toByteArray());
        return seeds;
    }

    private static void head(ByteArrayOutputStream b, int count, int blength, int s2, int remainder) {
        for (int v : new int[] {count, blength, s2, remainder}) {
            for (int i = 0; i < 4; i++) {
                b.write(v >>> (8 * i));
            }
        }
    }

    private static void sums(ByteArrayOutputStream b, int count, int s2) {
        for (int i = 0; i < count; i++) {
            b.writeBytes(new byte[] {(byte) i, 2, 3, 4});
            b.writeBytes(new byte[s2]);
        }
    }

    @BeforeAll
    static void jazzerSeeds() {
        Fuzz.jazzerSeeds(SumHeadFuzzTest.class, "jazzerSumHeads", seeds());
    }

    @Test
    void mutatedSumHeads() {
        Fuzz.run("sumhead", seeds(), 20_000, Fuzz.IO_EXCEPTIONS, 4 * MAX_SUM_BYTES, SumHeadFuzzTest::decode);
    }

    @FuzzTest(maxDuration = Fuzz.JAZZER_DURATION)
    void jazzerSumHeads(byte[] input) {
        Fuzz.jazzer(input, Fuzz.IO_EXCEPTIONS, SumHeadFuzzTest::decode);
    }

    static void decode(byte[] input) throws Exception {
        WireReader in = new WireReader(Fuzz.stream(input), new IoClock(), 4096);
        while (true) {
            SumHead head = SumHead.read(in, 16);
            assertTrue(head.count() >= 0 && head.blockLength() <= SumHead.MAX_BLOCK_SIZE
                    && head.strongLength() <= 16 && head.remainder() <= head.blockLength());
            if (BlockSums.bytesFor(head) > MAX_SUM_BYTES) {
                continue; // FileSender ends the session here, before it allocates
            }
            BlockSums sums = BlockSums.read(in, head);
            assertTrue(sums.count() == head.count());
        }
    }
}
