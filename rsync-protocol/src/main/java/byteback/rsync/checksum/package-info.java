/**
 * rsync's checksums (rsync: checksum.c, lib/mdfour.c, compat.c).
 *
 * <ul>
 *   <li>{@link byteback.rsync.checksum.RollingChecksum}: the weak block sum (get_checksum1) and its
 *       rolling update for a sender's block search;</li>
 *   <li>{@link byteback.rsync.checksum.BlockChecksum}: the strong block sum (get_checksum2), seeded
 *       as rsync seeds each algorithm;</li>
 *   <li>{@link byteback.rsync.checksum.StrongChecksum}: whole-file sums, streaming (sum_init /
 *       sum_update / sum_end and file_checksum);</li>
 *   <li>{@link byteback.rsync.checksum.ChecksumChoice} and
 *       {@link byteback.rsync.checksum.NameNegotiation}: which algorithm a session uses.</li>
 * </ul>
 * Checked against stock rsync: the generator's block sums and the sender's whole-file sums recorded
 * from real sessions equal ours (StockRsyncStreamTest).
 */
package byteback.rsync.checksum;
