package byteback.btrfs;

import java.io.IOException;

/** A btrfs operation failed; the message says why in words a user understands. */
public class BtrfsException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Why an operation failed, for callers that react differently to different causes. */
    public enum Reason {
        /** The path is not on a btrfs filesystem. */
        NOT_BTRFS,
        /** The path is on btrfs but is not a subvolume. */
        NOT_SUBVOLUME,
        /** The target already exists. */
        ALREADY_EXISTS,
        /** The path, or a directory on the way to it, does not exist. */
        NOT_FOUND,
        /** The caller may not do this (the message carries a hint where one helps). */
        PERMISSION_DENIED,
        /** The filesystem is full. */
        NO_SPACE,
        /** Anything else; the message says what. */
        OTHER
    }

    private final Reason reason;

    public BtrfsException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
