package byteback.rsync.sender;

import byteback.rsync.protocol.FileMode;
import byteback.rsync.store.StorePath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of the sender's file list (rsync: struct file_struct on the sending side): where it is
 * in the source tree, the name it has on the wire, its metadata, and what the transfer did with it.
 */
final class SenderFile {
    /** rsync: FLAG_TOP_DIR — a directory named on the command line. */
    static final int TOP_DIR = 1;
    /** rsync: FLAG_CONTENT_DIR — a directory whose contents are sent. */
    static final int CONTENT_DIR = 1 << 1;
    /** rsync: FLAG_IMPLIED_DIR — a parent directory sent for --relative. */
    static final int IMPLIED_DIR = 1 << 2;

    final StorePath source;
    final byte[] wireName;
    final SourceEntry entry;
    final byte[] linkTarget;
    final int flags;
    /** The file's whole-file checksum for --checksum (regular files), else null. */
    byte[] checksum;
    /** The index of its xattr set as sent (rsync: F_XATTR), -1 without -X. */
    int xattrSet = -1;
    /** rsync: FLAG_FILE_SENT — its data went out once (a second request is the redo phase). */
    boolean sent;
    /**
     * Incremental recursion with --relative: the rest of each name this directory leads to, sent
     * in its own list (rsync: F_DIR_RELNAMES), or null.
     */
    private List<byte[][]> relNames;

    SenderFile(StorePath source, byte[] wireName, SourceEntry entry, byte[] linkTarget, int flags) {
        this.source = source;
        this.wireName = wireName;
        this.entry = entry;
        this.linkTarget = linkTarget;
        this.flags = flags;
    }

    void addRelName(byte[][] rest) {
        if (relNames == null) {
            relNames = new ArrayList<>(2);
        }
        relNames.add(rest);
    }

    /** The names below this directory still to send, once (then forgotten), or null. */
    List<byte[][]> takeRelNames() {
        List<byte[][]> r = relNames;
        relNames = null;
        return r;
    }

    int mode() {
        return entry.mode();
    }

    boolean isDirectory() {
        return FileMode.isDirectory(entry.mode());
    }

    boolean isRegular() {
        return FileMode.isRegular(entry.mode());
    }

    String displayName() {
        return new String(wireName, StandardCharsets.UTF_8);
    }
}
