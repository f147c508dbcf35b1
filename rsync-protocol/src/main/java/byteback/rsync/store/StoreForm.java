package byteback.rsync.store;

import java.io.IOException;
import java.util.List;

/**
 * How a {@link FdStore} keeps the client's metadata on disc: in fake-super form ({@link
 * FakeSuperForm}: regular files and xattrs, what the backup server stores) or for real
 * ({@link RealForm}: real owners, types, devices and ACLs, what a restore writes as root). The
 * store walks the tree and opens entries (never following a symlink); the form reads and applies
 * the metadata through the descriptors it is given.
 */
interface StoreForm {

    /** An entry that is a regular file or directory on disc, open as {@code fd}, as the client's file (rsync: x_lstat). */
    StoredEntry describe(int fd, Stat st, boolean xattrs, String what) throws IOException;

    /**
     * An entry that is a real symlink, device, fifo or socket on disc ({@code cname} in {@code
     * dirfd}, never opened), as the client's file.
     */
    StoredEntry describeOther(int dirfd, byte[] cname, Stat st, boolean xattrs, String what) throws IOException;

    /** The client's xattrs of an open regular file or directory, in name order. */
    List<Xattr> xattrs(int fd, String what) throws IOException;

    /** The stored ACL of an open regular file or directory, or null when there is none (rsync: get_rsync_acl). */
    RsyncAcl readAcl(int fd, Stat st, boolean defaultAcl, String what) throws IOException;

    /**
     * Applies {@code meta} to an open regular file or directory that the generator keeps or makes
     * (rsync: set_file_attrs in both phases; see {@link Store#setAttributes}).
     *
     * @param fresh the entry was just created by the store (no xattrs or ACLs yet)
     * @return what the xattrs it set cost the filesystem ({@link MetadataCost#xattr}), 0 when none
     */
    long apply(int fd, FileMetadata meta, boolean exactTime, boolean fresh, String what) throws IOException;

    /**
     * Applies {@code meta} to a regular file just received (rsync: finish_transfer's set_file_attrs).
     *
     * @return what the xattrs it set cost the filesystem ({@link MetadataCost#xattr}), 0 when none
     */
    long applyTransferred(int fd, FileMetadata meta, boolean fresh, String what) throws IOException;

    /**
     * Applies {@code meta} to an entry that cannot be opened (a symlink, device, fifo or socket on
     * disc), by name beneath {@code dirfd}, never following it.
     */
    void applyAt(int dirfd, byte[] cname, Stat st, FileMetadata meta, String what) throws IOException;

    /** Whether symlinks, devices, fifos and sockets are stored as regular files (fake-super). */
    boolean specialsAsFiles();

    /**
     * Creates the symlink, device, fifo or socket {@code meta} describes as {@code tmpName} in
     * {@code dirfd} (a fresh name), with {@code meta} applied; the store renames it into place.
     * Only called when {@link #specialsAsFiles()} is false.
     */
    void createOther(int dirfd, byte[] tmpName, byte[] symlinkTarget, FileMetadata meta, String what) throws IOException;

    /** Whether an entry of this kind on disc may be the target of a hard link. */
    boolean linkable(Stat st);
}
