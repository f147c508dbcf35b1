package byteback.rsync.store;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The read-only view of a store: what a sender (restores, listings) and a receiver's generator
 * need to look at stored entries, never to change them. The entry points read the fake-super form
 * back as the client's files ({@code user.rsync.%stat}, {@code %aacl}/{@code %dacl}); every name
 * is resolved beneath the root without following symlinks. Narrow on purpose, so that other code
 * (a filtered virtual tree, a test double) can implement it.
 */
public interface StoreReader extends Closeable {

    /**
     * Opens the store rooted at {@code root} for reading only (an existing directory; the root
     * itself may be reached through symlinks, nothing beneath it is).
     */
    static StoreReader openReadOnly(Path root) throws IOException {
        return FdStore.open(root, WriteListener.NONE);
    }

    /**
     * The entry at {@code path} as stored, or null when there is none (also when a parent is
     * missing or is not a real directory). Never opens devices or fifos, never follows symlinks.
     */
    default StoredEntry lookup(StorePath path) throws IOException {
        return lookup(path, false);
    }

    /**
     * {@link #lookup(StorePath)}; with {@code xattrs}, the entry also carries what
     * {@link #readXattrs} would return, read through the same descriptor.
     */
    StoredEntry lookup(StorePath path, boolean xattrs) throws IOException;

    /**
     * The client's xattrs of a stored regular file or directory, names as on the client
     * ({@code user.rsync.X} read back as {@code X}, rsync: xattrs.c send_xattr under fake-super), in
     * name order, without {@code user.rsync.%stat/%aacl/%dacl}. Empty for a real symlink or device.
     */
    List<Xattr> readXattrs(StorePath path) throws IOException;

    /**
     * A stored ACL as rsync reads it back (rsync: acls.c get_rsync_acl, fake-super branch: user,
     * group and other filled in from the client's mode), or null when none is stored.
     *
     * @param defaultAcl true for a directory's default ACL ({@code %dacl}), false for the access
     *                   ACL ({@code %aacl})
     */
    RsyncAcl readAcl(StorePath path, boolean defaultAcl) throws IOException;

    /** The names in directory {@code dir} (not {@code .} and {@code ..}), in no particular order. */
    List<byte[]> list(StorePath dir) throws IOException;

    /**
     * Opens a stored regular file for reading, or returns null when {@code path} is not a regular
     * file on disc (absent, a directory, a real symlink, ...).
     */
    BasisFile openBasis(StorePath path) throws IOException;

    /**
     * The target of a real symlink found in the store (not one stored by fake-super, which is a
     * regular file: see {@link StoredEntry#symlinkTarget()}), read with readlinkat beneath its
     * parent's descriptor and never followed; null when {@code path} is not a real symlink.
     */
    byte[] readSymlink(StorePath path) throws IOException;

    /** Closes the root descriptor; open basis files stay usable until closed. */
    @Override
    void close() throws IOException;
}
