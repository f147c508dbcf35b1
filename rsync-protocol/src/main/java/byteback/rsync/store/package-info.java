/**
 * The destination tree of a receive, stored exactly as {@code rsync --fake-super} stores it, and
 * confined beneath one root directory whatever the client sends.
 *
 * <h2>Storage format (SPEC section 3)</h2>
 * <ul>
 *   <li>Regular files and directories are real; hard links are real; modification times are real.
 *   <li>Symlinks are regular files whose content is the link target; devices, fifos and sockets are
 *       empty regular files.
 *   <li>The client's mode (with type), uid, gid and device numbers go into the xattr
 *       {@code user.rsync.%stat} as {@code "%o %u,%u %u:%u"}; it is left out when the entry on disc
 *       already has exactly that mode (type included) and owner (rsync: xattrs.c set_stat_xattr).
 *   <li>On disc the mode keeps the type and the 0777 bits, drops set-id/sticky and always grants
 *       the owner rw (0600, directories 0700).
 *   <li>The client's {@code user.*} xattrs are stored as they are; other namespaces get the prefix
 *       {@code user.rsync.}; ACLs go into {@code user.rsync.%aacl} / {@code user.rsync.%dacl} in
 *       rsync's fake-super byte format (see {@link byteback.rsync.store.RsyncAcl}).
 * </ul>
 *
 * <h2>Confinement (SPEC section 9)</h2>
 * Every path is a {@link byteback.rsync.store.StorePath}, validated when it is built (no absolute
 * names, no {@code ..}, {@code .} or empty components, no NUL, components up to 255 bytes, paths
 * up to 4095 bytes). Every operation walks from the root's directory file descriptor one component
 * at a time with {@code openat(O_NOFOLLOW|O_DIRECTORY)} and acts on the last component through that
 * directory's descriptor ({@code *at} calls, {@code O_NOFOLLOW}, {@code O_EXCL} for new files,
 * {@code f*xattr} on descriptors opened without following). A symlink found in the store is never
 * followed: it is an entry that can be looked at, replaced or deleted, never a directory to
 * descend into.
 *
 * <h2>Threads</h2>
 * A {@link byteback.rsync.store.Store} may be used from several threads at once (rsync's generator
 * and receiver threads of one session): it holds no mutable state but the root descriptor and the
 * byte counter. Concurrent operations on the <em>same</em> path are not ordered by the store; the
 * caller keeps them apart as rsync does (the generator hands a file to the receiver and does not
 * touch it again until the receiver is done). A {@link byteback.rsync.store.FileWriter} or
 * {@link byteback.rsync.store.BasisFile} belongs to one thread at a time.
 */
package byteback.rsync.store;
