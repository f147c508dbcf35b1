package byteback.rsync.protocol;

import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireInput;
import byteback.rsync.wire.WireOutput;
import java.io.IOException;

/**
 * The header of a block-checksum set (rsync: struct sum_struct; io.c write_sum_head,
 * read_sum_head): how many blocks, their length, the strong-sum length, the last block's length.
 */
public record SumHead(int count, int blockLength, int strongLength, int remainder) {
    /** No basis: the sender sends the whole file as literal data. */
    public static final SumHead NONE = new SumHead(0, 0, 0, 0);

    /** rsync: MAX_BLOCK_SIZE for protocol 30 and later. */
    public static final int MAX_BLOCK_SIZE = 1 << 17;

    public void write(WireOutput out) throws IOException {
        out.writeInt(count);
        out.writeInt(blockLength);
        out.writeInt(strongLength);
        out.writeInt(remainder);
    }

    /** rsync: io.c read_sum_head, with its checks. */
    public static SumHead read(WireInput in, int maxStrongLength) throws IOException {
        int count = in.readInt();
        if (count < 0) {
            throw new ProtocolException("Invalid checksum count " + count);
        }
        int blength = in.readInt();
        if (blength < 0 || blength > MAX_BLOCK_SIZE) {
            throw new ProtocolException("Invalid block length " + blength);
        }
        if (count > 0 && blength == 0) {
            throw new ProtocolException("Invalid zero block length");
        }
        int s2 = in.readInt();
        if (s2 < 0 || s2 > maxStrongLength) {
            throw new ProtocolException("Invalid checksum length " + s2);
        }
        int remainder = in.readInt();
        if (remainder < 0 || remainder > blength) {
            throw new ProtocolException("Invalid remainder length " + remainder);
        }
        return new SumHead(count, blength, s2, remainder);
    }

    /** Length of block {@code i}. */
    public int blockLength(int i) {
        return i == count - 1 && remainder != 0 ? remainder : blockLength;
    }
}
