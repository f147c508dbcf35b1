package byteback.rsync.sender;

import byteback.rsync.protocol.SumHead;
import byteback.rsync.wire.WireInput;
import java.io.IOException;

/**
 * The client's block checksums of its basis file (rsync: sender.c receive_sums): per block the
 * rolling sum and the first s2length bytes of the strong sum, in two flat arrays.
 */
final class BlockSums {
    final SumHead head;
    final int[] sum1;
    final byte[] sum2;

    private BlockSums(SumHead head, int[] sum1, byte[] sum2) {
        this.head = head;
        this.sum1 = sum1;
        this.sum2 = sum2;
    }

    /** Bytes of memory the sums of {@code head} take. */
    static long bytesFor(SumHead head) {
        return (long) head.count() * (4L + head.strongLength() + 4L /* hash chain */);
    }

    /** rsync: sender.c receive_sums, after read_sum_head checked the header. */
    static BlockSums read(WireInput in, SumHead head) throws IOException {
        int n = head.count();
        int s2 = head.strongLength();
        int[] sum1 = new int[n];
        byte[] sum2 = new byte[Math.multiplyExact(n, s2)];
        for (int i = 0; i < n; i++) {
            sum1[i] = in.readInt();
            in.readFully(sum2, i * s2, s2);
        }
        return new BlockSums(head, sum1, sum2);
    }

    int count() {
        return head.count();
    }

    /** Length of block {@code i}. */
    int length(int i) {
        return head.blockLength(i);
    }
}
