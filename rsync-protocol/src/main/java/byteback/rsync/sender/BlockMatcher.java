package byteback.rsync.sender;

import byteback.rsync.checksum.BlockChecksum;
import byteback.rsync.checksum.RollingChecksum;
import byteback.rsync.checksum.StrongChecksum;
import byteback.rsync.compress.TokenWriter;
import byteback.rsync.store.BasisFile;
import byteback.rsync.wire.WireOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Finds the client's blocks in the file being sent and writes the file as literal data and block
 * tokens, then its whole-file checksum (rsync: match.c match_sums, hash_search, matched). Work is
 * bounded against a client sending colliding block sums: at most {@link #MAX_CHAIN_LEN} candidates
 * per offset (as rsync), and once the strong sums computed for false alarms exceed a budget
 * proportional to the file, the rest of the file is sent literally (never wrong, only bigger).
 */
final class BlockMatcher {
    /** rsync: match.c CHUNK_SIZE. */
    static final int CHUNK_SIZE = 32 * 1024;
    /** rsync: match.c MAX_CHAIN_LEN. */
    static final int MAX_CHAIN_LEN = 1024;
    /** Strong-sum bytes spent on false alarms allowed beyond 4 x the file's length. */
    private static final long FALSE_ALARM_SLACK = 64L << 20;

    private final BlockChecksum blockSum;
    private final byte[] strong = new byte[64];
    private final RollingChecksum rolling = new RollingChecksum();

    // per file
    private WireOutput out;
    private TokenWriter tokens;
    private StrongChecksum fileSum;
    private final FileWindow window = new FileWindow(4 * CHUNK_SIZE);
    private BlockSums sums;
    private long lastMatch;
    long literalBytes;
    long matchedBytes;
    long falseAlarms;

    BlockMatcher(BlockChecksum blockSum) {
        this.blockSum = blockSum;
    }

    /**
     * rsync: match.c match_sums — sends {@code file} ({@code len} bytes) against {@code sums}
     * (count 0: all literal), then the whole-file checksum.
     *
     * @param updatingBasis the client writes into its basis file (--inplace): a block that lies
     *                      before the current offset can no longer be copied
     */
    void send(WireOutput out, TokenWriter tokens, StrongChecksum fileSum, BasisFile file, long len, BlockSums sums,
            boolean updatingBasis) throws IOException {
        this.out = out;
        this.tokens = tokens;
        this.fileSum = fileSum;
        this.sums = sums;
        this.lastMatch = 0;
        int blength = sums.head.blockLength();
        window.reset(file, len, Math.max(4 * CHUNK_SIZE, 2 * blength + 4 * CHUNK_SIZE + 16));
        if (len > 0 && sums.count() > 0) {
            hashSearch(len, updatingBasis);
        } else {
            for (long j = CHUNK_SIZE; j < len; j += CHUNK_SIZE) {
                matched(j, -2);
            }
            matched(len, -1);
        }
        byte[] digest = fileSum.digest();
        if (window.readError()) {
            // rsync: a read error sends a checksum that cannot match
            int i = 0;
            while (i < digest.length && digest[i] == 0) {
                i++;
            }
            Arrays.fill(digest, (byte) 0);
            if (i == digest.length) {
                digest[i - 1]++;
            }
        }
        out.write(digest, 0, digest.length);
    }

    /** rsync: match.c hash_search. */
    private void hashSearch(long len, boolean updatingBasis) throws IOException {
        int count = sums.count();
        int blength = sums.head.blockLength();
        int s2len = sums.head.strongLength();
        int tableSize = Integer.highestOneBit(Math.max(1 << 16, count) * 2 - 1);
        int mask = tableSize - 1;
        int[] table = new int[tableSize];
        Arrays.fill(table, -1);
        int[] chain = new int[count];
        for (int i = 0; i < count; i++) {
            int h = hash(sums.sum1[i]) & mask;
            chain[i] = table[h];
            table[h] = i;
        }
        boolean[] sameOffset = updatingBasis ? new boolean[count] : null;
        long falseAlarmBudget = 4 * len + FALSE_ALARM_SLACK;
        long falseAlarmBytes = 0;
        boolean searching = true;

        int k = (int) Math.min(len, blength);
        int at = window.map(0, k);
        rolling.reset(window.buf, at, k);
        long offset = 0;
        long end = len + 1 - sums.length(count - 1);
        int wantI = 0;
        do {
            int sum = rolling.value();
            if (searching) {
                boolean doneStrong = false;
                int chainLen = 0;
                for (int i = table[hash(sum) & mask]; i >= 0; i = chain[i]) {
                    if (sum != sums.sum1[i]) {
                        continue;
                    }
                    if (updatingBasis && (long) i * blength < offset && !sameOffset[i]) {
                        continue;
                    }
                    if (++chainLen > MAX_CHAIN_LEN) {
                        break;
                    }
                    int l = (int) Math.min(blength, len - offset);
                    if (l != sums.length(i)) {
                        continue;
                    }
                    if (!doneStrong) {
                        int p = window.map(offset, l);
                        blockSum.compute(window.buf, p, l, strong, 0);
                        doneStrong = true;
                    }
                    if (!Arrays.equals(strong, 0, s2len, sums.sum2, i * s2len, i * s2len + s2len)) {
                        falseAlarms++;
                        falseAlarmBytes += l;
                        if (falseAlarmBytes > falseAlarmBudget) {
                            searching = false; // a client feeding collisions: the rest goes literally
                            break;
                        }
                        continue;
                    }
                    if (updatingBasis) {
                        long aligned = (offset + blength - 1) / blength;
                        if (offset % blength == 0 && aligned < count && aligned != i && sums.sum1[(int) aligned] == sum
                                && sums.length((int) aligned) == l && Arrays.equals(strong, 0, s2len, sums.sum2,
                                        (int) aligned * s2len, (int) aligned * s2len + s2len)) {
                            i = (int) aligned;
                        }
                        if ((long) i * blength == offset) {
                            sameOffset[i] = true;
                            wantI = i;
                        }
                    }
                    if (i != wantI && wantI < count
                            && (!updatingBasis || (long) wantI * blength >= offset || sameOffset[wantI])
                            && sum == sums.sum1[wantI] && l == sums.length(wantI)
                            && Arrays.equals(strong, 0, s2len, sums.sum2, wantI * s2len, wantI * s2len + s2len)) {
                        i = wantI; // an adjacent match: the run-length coding likes it
                    }
                    wantI = i + 1;
                    matched(offset, i);
                    offset += sums.length(i) - 1;
                    k = (int) Math.min(blength, len - offset);
                    at = window.map(offset, k);
                    rolling.reset(window.buf, at, k);
                    break;
                }
            }
            // rsync: null_hash — slide the window one byte
            long backup = Math.max(0, offset - lastMatch);
            boolean more = offset + k < len;
            long from = offset - backup;
            at = window.map(from, (int) (backup + k + (more ? 1 : 0)));
            int p = at + (int) backup;
            if (more) {
                rolling.roll(window.buf[p], window.buf[p + k]);
            } else {
                rolling.rollOut(window.buf[p]);
                k--;
            }
            if (backup >= blength + CHUNK_SIZE && end - offset > CHUNK_SIZE) {
                matched(offset - blength, -2);
            }
        } while (++offset < end);
        matched(len, -1);
    }

    private static int hash(int sum) {
        int h = sum * 0x9E3779B1;
        return h ^ (h >>> 16);
    }

    /** rsync: match.c matched — literal data up to {@code offset}, then token {@code i} (-1 ends the file). */
    private void matched(long offset, int i) throws IOException {
        int n = (int) (offset - lastMatch);
        int blockLen = i >= 0 ? sums.length(i) : 0;
        int total = n + blockLen;
        // in pieces of the window's size at most (n is bounded by the caller's flushing)
        long pos = lastMatch;
        int left = n;
        while (left > 0) {
            int piece = Math.min(left, CHUNK_SIZE);
            int at = window.map(pos, piece);
            tokens.literal(out, window.buf, at, piece);
            fileSum.update(window.buf, at, piece);
            pos += piece;
            left -= piece;
        }
        literalBytes += n;
        if (i >= 0) {
            int at = window.map(offset, blockLen);
            tokens.match(out, i, window.buf, at, blockLen);
            fileSum.update(window.buf, at, blockLen);
            matchedBytes += blockLen;
            lastMatch = offset + blockLen;
        } else {
            lastMatch = offset;
            if (i == -1) {
                tokens.endOfFile(out);
            }
        }
        assert total >= 0;
    }
}
