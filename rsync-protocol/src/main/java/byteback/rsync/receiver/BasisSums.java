package byteback.rsync.receiver;

import byteback.rsync.protocol.SumHead;

import byteback.rsync.checksum.BlockChecksum;
import byteback.rsync.checksum.RollingChecksum;
import byteback.rsync.store.BasisFile;
import byteback.rsync.wire.WireOutput;
import java.io.IOException;

/**
 * Sends the block checksums of a basis file (rsync: generator.c generate_and_send_sums): the
 * header, then per block the rolling sum and the first s2length bytes of the strong sum. Reads
 * the file in large sequential pieces. One instance per generator thread.
 */
public final class BasisSums {
    private static final int READ_SIZE = 1 << 20;

    private final BlockChecksum strong;
    private final byte[] digest;
    private byte[] buf = new byte[0];

    public BasisSums(BlockChecksum strong) {
        this.strong = strong;
        this.digest = new byte[Math.max(strong.length(), 16)];
    }

    public void send(BasisFile basis, SumHead head, WireOutput out, Runnable progress) throws IOException {
        head.write(out);
        long len = basis.size();
        int blength = head.blockLength();
        if (head.count() == 0) {
            return;
        }
        int perRead = Math.max(1, READ_SIZE / blength) * blength;
        if (buf.length < perRead) {
            buf = new byte[perRead];
        }
        long offset = 0;
        int block = 0;
        while (block < head.count()) {
            int want = (int) Math.min(perRead, len - offset);
            basis.readFully(offset, buf, 0, want);
            int p = 0;
            while (p < want && block < head.count()) {
                int n = Math.min(blength, want - p);
                out.writeInt(RollingChecksum.of(buf, p, n));
                strong.compute(buf, p, n, digest, 0);
                out.write(digest, 0, head.strongLength());
                p += n;
                block++;
            }
            offset += want;
            progress.run();
        }
    }
}
