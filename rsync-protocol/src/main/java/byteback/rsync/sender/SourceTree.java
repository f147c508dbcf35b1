package byteback.rsync.sender;

import byteback.rsync.store.BasisFile;
import byteback.rsync.store.RsyncAcl;
import byteback.rsync.store.StorePath;
import byteback.rsync.store.Xattr;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * The read-only tree a sender sends from, seen as the client's files: real types, modes, owners,
 * device numbers, symlink targets. Implementations: {@link FakeSuperTree} (a fake-super store on
 * the server: restores), a local filesystem (the client jar: backups), a filtered virtual tree
 * (byteback-restore). Paths are validated {@link StorePath}s relative to the tree's root
 * ({@link StorePath#ROOT} is the root itself); no operation ever follows a symlink, and nothing
 * outside the root is reachable through any of them.
 *
 * <p>Errors: {@link java.nio.file.NoSuchFileException} when an entry vanished (rsync reports it
 * and goes on with exit code 24), other {@link IOException}s for errors with one entry (exit 23).
 * Safe for use by one session's threads.
 */
public interface SourceTree extends Closeable {

    /** The entry at {@code path} as lstat would describe it, or null when there is none. */
    SourceEntry stat(StorePath path) throws IOException;

    /**
     * The names in directory {@code dir} (without {@code .} and {@code ..}), in any order: the
     * file-list writer sorts them the way rsync does (rsync: flist.c f_name_cmp).
     */
    List<byte[]> list(StorePath dir) throws IOException;

    /**
     * Opens the regular file {@code path} for positional reads; null when it is no longer a
     * regular file. Its {@link BasisFile#size()} is the size when opened.
     */
    BasisFile open(StorePath path) throws IOException;

    /** The target of symlink {@code path} (rsync: readlink), as bytes. */
    byte[] readLink(StorePath path) throws IOException;

    /**
     * The entry's xattrs as rsync sends them (rsync: xattrs.c get_xattr_names, with
     * --fake-super's renaming undone), sorted by name; empty when none.
     */
    List<Xattr> xattrs(StorePath path) throws IOException;

    /**
     * The entry's access ACL ({@code defaultAcl} false) or a directory's default ACL (true) as
     * rsync reads it (rsync: acls.c get_rsync_acl), or null when it has none beyond its mode.
     */
    RsyncAcl acl(StorePath path, boolean defaultAcl) throws IOException;
}
