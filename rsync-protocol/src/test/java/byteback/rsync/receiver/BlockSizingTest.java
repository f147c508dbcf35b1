package byteback.rsync.receiver;

import byteback.rsync.protocol.SumHead;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BlockSizingTest {
    @Test
    void smallFilesUse700ByteBlocks() {
        SumHead h = BlockSizing.forLength(10_000, 0, BlockSizing.SHORT_SUM_LENGTH, 16);
        assertEquals(700, h.blockLength());
        assertEquals(15, h.count());
        assertEquals(10_000 % 700, h.remainder());
        assertEquals(2, h.strongLength());
    }

    @Test
    void largeFilesUseTheSquareRootRoundedToEight() {
        // 100 MB: sqrt = 10000 -> rounded down to a multiple of 8
        SumHead h = BlockSizing.forLength(100_000_000L, 0, BlockSizing.SHORT_SUM_LENGTH, 16);
        assertEquals(10000, h.blockLength());
        assertEquals(100_000_000L / 10000, h.count());
    }

    @Test
    void hugeFilesAreCappedAtMaxBlockSize() {
        SumHead h = BlockSizing.forLength(1L << 40, 0, BlockSizing.SHORT_SUM_LENGTH, 16);
        assertEquals(SumHead.MAX_BLOCK_SIZE, h.blockLength());
    }

    @Test
    void redoUsesTheFullDigestUpTo16() {
        assertEquals(8, BlockSizing.forLength(5000, 0, BlockSizing.SUM_LENGTH, 8).strongLength());
        assertEquals(16, BlockSizing.forLength(5000, 0, BlockSizing.SUM_LENGTH, 16).strongLength());
    }

    @Test
    void emptyFileHasNoBlocks() {
        assertEquals(0, BlockSizing.forLength(0, 0, 2, 16).count());
    }
}
