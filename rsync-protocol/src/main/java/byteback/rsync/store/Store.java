package byteback.rsync.store;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A destination tree confined beneath one root directory and stored the way
 * {@code rsync --fake-super} stores it (see the package description for both rules). Every name is
 * a validated {@link StorePath}; every operation resolves it from the root one component at a time
 * without following symlinks.
 *
 * <p>Errors are {@link IOException}s: {@link java.nio.file.NoSuchFileException} when a parent is
 * missing, {@link java.nio.file.NotDirectoryException} when a parent is not a real directory (a
 * symlink in the store included), {@link java.nio.file.FileSystemException} with the errno text
 * otherwise. Safe for concurrent use (see the package description).
 */
public interface Store extends StoreReader {

    /** Opens the store rooted at {@code root} (an existing directory; the root itself may be reached through symlinks). */
    static Store open(Path root) throws IOException {
        return open(root, WriteListener.NONE);
    }

    /** Opens the store rooted at {@code root}; {@code listener} sees every byte of file data written. */
    static Store open(Path root, WriteListener listener) throws IOException {
        return FdStore.open(root, listener);
    }

    /**
     * Opens the store rooted at the open directory {@code directoryFd}, which is duplicated (the
     * caller keeps and closes its own): the root is never resolved by name again, so nothing
     * renamed or swapped for a symlink along its path afterwards changes where the store writes.
     * The SSH server opens ROOT/&lt;client&gt;/current itself, component by component without
     * following symlinks, and hands the descriptor here.
     *
     * @param name how the root is named in messages
     */
    static Store open(int directoryFd, String name, WriteListener listener) throws IOException {
        return FdStore.open(directoryFd, name, listener);
    }

    /**
     * Opens a store at the open directory {@code directoryFd} (duplicated; the caller closes its
     * own) that writes the client's files for real, as rsync does without {@code --fake-super}:
     * real types, owners (when running as root), modes, device numbers, POSIX ACLs and xattrs
     * under their own names (all namespaces but {@code system.*} as root, {@code user.*}
     * otherwise; on regular files and directories). A restore writes through it. The same
     * confinement holds: every name is resolved beneath the root without following symlinks,
     * symlinks are made with symlinkat and their owner and time set with the no-follow calls.
     */
    static Store openReal(int directoryFd, String name, WriteListener listener) throws IOException {
        return FdStore.open(RealForm.INSTANCE, directoryFd, name, listener);
    }

    /** {@link #openReal(int, String, WriteListener)} for a directory named by path (itself reached through symlinks). */
    static Store openReal(Path root) throws IOException {
        return FdStore.open(RealForm.INSTANCE, root, WriteListener.NONE);
    }

    /**
     * Starts writing the regular file {@code path}; its parent directory must exist.
     *
     * @param inplace false: write a new temp file {@code .<name>.XXXXXX} beside the target (the
     *                target stays untouched until {@link FileWriter#commit}); true: write into the
     *                existing regular file (created when absent, replacing a non-regular entry)
     * @param sparse  skip runs of zero bytes instead of writing them (rsync {@code --sparse})
     */
    FileWriter beginFile(StorePath path, boolean inplace, boolean sparse) throws IOException;

    /**
     * Makes {@code path} a directory (rsync: generator.c recv_generator, directory branch): keeps
     * an existing real directory, replaces any other entry, then applies {@code meta} as
     * {@link #setAttributes} does (a null mtime leaves the time alone: rsync sets directory times
     * after their contents, see {@link #setMtime}). The parent must exist.
     *
     * @return true when the directory was created
     */
    boolean makeDirectory(StorePath path, FileMetadata meta) throws IOException;

    /**
     * Stores a symlink as a regular file holding {@code target} (rsync: syscall.c do_symlink under
     * fake-super), with {@code meta} applied, replacing whatever entry was at {@code path}. The new
     * entry appears at once, complete (written aside, then renamed).
     */
    void makeSymlink(StorePath path, byte[] target, FileMetadata meta) throws IOException;

    /**
     * Stores a device, fifo or socket as an empty regular file (rsync: syscall.c do_mknod under
     * fake-super), with {@code meta} (type and device numbers) applied, replacing whatever entry
     * was at {@code path}.
     */
    void makeSpecial(StorePath path, FileMetadata meta) throws IOException;

    /**
     * Makes {@code path} a hard link to the stored entry {@code existing} (rsync: hlink.c
     * maybe_hard_link), replacing whatever other entry was at {@code path}; nothing happens when
     * both already are the same inode. {@code existing} must be a regular file on disc.
     */
    void makeHardLink(StorePath path, StorePath existing) throws IOException;

    /**
     * Applies {@code meta} to an existing entry that is not being transferred, in fake-super form,
     * exactly as rsync's two phases leave it (rsync: rsync.c set_file_attrs with am_root &lt; 0):
     * <ol>
     *   <li>the generator's call, without xattrs: the stored ACLs are read, the on-disc mode and
     *       {@code user.rsync.%stat} set (xattrs.c set_stat_xattr), the mtime set unless it is in
     *       the same second, the ACLs rewritten where they differ (acls.c set_acl);
     *   <li>only when {@code meta.xattrs()} is non-null and differs from the stored xattrs (rsync's
     *       itemize sets ITEM_REPORT_XATTR), the receiver's call with them: the same steps with the
     *       xattrs set in between (xattrs.c rsync_xal_set), which removes every other stored
     *       {@code user.*} xattr but {@code %stat} &mdash; the ACL xattrs {@code %aacl}/{@code %dacl}
     *       included, and they are only rewritten if they differed before. Stock rsync loses a
     *       stored ACL that way; the store does the same so that both write the same tree.
     * </ol>
     * So the generator and the receiver may both pass the complete metadata: the store does what
     * rsync does. {@link #makeDirectory}, {@link #makeSymlink} and {@link #makeSpecial} apply
     * their metadata the same way; {@link FileWriter#commit} as rsync's finish_transfer does.
     */
    default void setAttributes(StorePath path, FileMetadata meta) throws IOException {
        setAttributes(path, meta, false);
    }

    /**
     * {@link #setAttributes(StorePath, FileMetadata)}, comparing the mtime to the nanosecond when
     * {@code exactTime} (rsync: ATTRS_ACCURATE_TIME, as after {@code --checksum} found a file
     * unchanged). Without it, as in rsync with {@code --modify-window=0}, an mtime in the same
     * second as the wanted one is left alone unless the receiver's phase set or removed xattrs.
     */
    void setAttributes(StorePath path, FileMetadata meta, boolean exactTime) throws IOException;

    /**
     * Sets only the modification time of a stored file or directory, unless it already is in that
     * second (rsync: generator.c touch_up_dirs, which fixes directory times after their contents
     * are written).
     */
    void setMtime(StorePath path, Instant mtime) throws IOException;

    /**
     * Deletes the entry at {@code path}, a directory with everything beneath it, never following a
     * symlink (rsync: delete.c delete_item). Nothing happens when it is absent.
     *
     * @throws IllegalArgumentException for {@link StorePath#ROOT}
     */
    void delete(StorePath path) throws IOException;

    /** Bytes of file data written through this store so far. */
    long bytesWritten();
}
