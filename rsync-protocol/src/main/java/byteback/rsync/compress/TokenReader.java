package byteback.rsync.compress;

import byteback.rsync.wire.WireInput;
import java.io.IOException;

/**
 * Reads the per-file token stream a sender writes: literal data and references to blocks of the
 * receiver's basis file (rsync: token.c recv_token). One instance per session, called for one file
 * after another; it keeps the decompressor state rsync keeps between files (zstd's stream spans the
 * whole session, zlib's is reset for each file).
 *
 * <p>Memory is bounded: literal data is handed out in pieces of at most a fixed buffer size
 * however much a compressed run inflates to.
 */
public interface TokenReader extends AutoCloseable {
    /**
     * The next token of the current file.
     *
     * @return {@code > 0}: that many literal bytes are now in {@link #literal()} from
     *     {@link #literalOffset()}, valid until the next call; {@code 0}: end of this file's
     *     tokens; {@code < 0}: {@code -(i+1)} means block {@code i} of the basis file matched (the
     *     caller checks {@code i} against its block count).
     * @throws IOException on a truncated stream; {@link byteback.rsync.wire.ProtocolException} on
     *     input rsync would reject (bad token numbers, corrupt compressed data).
     */
    int next(WireInput in) throws IOException;

    /** The buffer holding the literal bytes announced by the last {@link #next} result. */
    byte[] literal();

    /** Where the literal bytes start in {@link #literal()}. */
    int literalOffset();

    /**
     * rsync: token.c see_token — the receiver passes the data of each matched block, in order,
     * right after {@link #next} returned it. zlib feeds it into the inflater's history; the other
     * compressors ignore it.
     */
    void seeMatch(byte[] data, int off, int len) throws IOException;

    /** Frees native resources (zstd); the session calls it when it ends. */
    @Override
    default void close() {
    }
}
