package byteback.rsync.compress;

import byteback.rsync.wire.WireOutput;
import java.io.IOException;

/**
 * Writes a file's token stream (rsync: token.c send_token), for the sender role and for tests.
 * One instance per session, used for one file after another. The calls of one file are any
 * sequence of {@link #literal} and {@link #match}, ended by {@link #endOfFile}. In rsync's terms
 * {@code literal} is {@code send_token(f, -2, ...)} (data, no token), {@code match} is
 * {@code send_token(f, i, ..., 0, toklen)} and {@code endOfFile} is {@code send_token(f, -1, ...)}.
 */
public interface TokenWriter extends AutoCloseable {
    /** Literal bytes of the file (any length; split and compressed as rsync does). */
    void literal(WireOutput out, byte[] data, int off, int len) throws IOException;

    /**
     * Block {@code blockIndex} of the receiver's basis file matched; {@code blockData} holds that
     * block's bytes (zlib adds them to the compressor's history, as the receiver will).
     */
    void match(WireOutput out, int blockIndex, byte[] blockData, int off, int len) throws IOException;

    /** Ends the current file's tokens (flushes the compressor). */
    void endOfFile(WireOutput out) throws IOException;

    /** Frees native resources (zstd); the session calls it when it ends. */
    @Override
    default void close() {
    }
}
