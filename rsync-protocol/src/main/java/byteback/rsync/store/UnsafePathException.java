package byteback.rsync.store;

import byteback.rsync.wire.ProtocolException;

/**
 * A file name from the peer that can never be stored: absolute, with a {@code ..}, {@code .} or
 * empty component, with a NUL byte, a component over 255 bytes or a path over 4095 bytes. It is a
 * {@link ProtocolException}: the connection ends with a clear error and nothing is written.
 */
public final class UnsafePathException extends ProtocolException {
    public UnsafePathException(String message) {
        super(message);
    }
}
