/**
 * The per-file token streams of rsync (rsync: token.c): literal data and references to blocks of
 * the receiver's basis file, uncompressed or compressed with zlib, zlibx, zstd or lz4.
 *
 * <p>A session creates one {@link byteback.rsync.compress.TokenReader} (receiver) or
 * {@link byteback.rsync.compress.TokenWriter} (sender) with
 * {@link byteback.rsync.compress.Compression#newReader} / {@code newWriter} and uses it for one
 * file after another, then closes it. A receiver calls {@code next} until it returns 0, copies
 * literal pieces from {@code literal()}, and for each block reference copies the block from the
 * basis file and passes the same bytes to {@code seeMatch} (zlib's history depends on it).
 * {@link byteback.rsync.compress.CompressionChoice} decides the compressor; zlib and zlibx at
 * level 0 mean none ({@link byteback.rsync.compress.Compression#withLevel}).
 *
 * <p>Decoded output is bounded by fixed buffers; malformed input raises
 * {@link byteback.rsync.wire.ProtocolException}, truncation {@link java.io.EOFException}.
 * Interoperability is checked with stock rsync in both directions (StockRsyncStreamTest).
 */
package byteback.rsync.compress;
