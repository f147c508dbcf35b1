/**
 * btrfs subvolumes for byteback, through the kernel's ioctls (jnr-ffi), with no btrfs-progs at run time.
 *
 * <p>The public API is {@link byteback.btrfs.Btrfs} (stateless, thread-safe, cheap to create),
 * {@link byteback.btrfs.SubvolumeInfo}, {@link byteback.btrfs.SpaceUsage} and
 * {@link byteback.btrfs.BtrfsException} with its {@link byteback.btrfs.BtrfsException.Reason}. Everything
 * else (ioctl numbers, struct layouts, the libc binding) is package-private.
 *
 * <p>How each operation reaches the kernel:
 * <ul>
 *   <li>create: BTRFS_IOC_SUBVOL_CREATE on the parent directory;</li>
 *   <li>snapshot: BTRFS_IOC_SNAP_CREATE_V2 on the target's parent, with BTRFS_SUBVOL_RDONLY when read-only,
 *       so a read-only snapshot is never writable, not even for a moment;</li>
 *   <li>delete: BTRFS_IOC_SNAP_DESTROY on the parent directory. Without CAP_SYS_ADMIN the kernel demands the
 *       mount option user_subvol_rm_allowed and write permission on the subvolume's top directory, which a
 *       read-only subvolume never grants (EROFS; btrfs-progs 6.2 simply fails there). So for an
 *       unprivileged owner a read-only subvolume is made writable first and made read-only again if the
 *       deletion still fails. Root deletes read-only subvolumes directly;</li>
 *   <li>read-only flag: BTRFS_IOC_SUBVOL_GETFLAGS / SETFLAGS (setting needs the owner or root);</li>
 *   <li>info: BTRFS_IOC_GET_SUBVOL_INFO (works unprivileged);</li>
 *   <li>listing: readdir plus inode number 256 (a subvolume's top directory) and a statfs check;</li>
 *   <li>space: fstatfs (f_blocks, f_bfree, f_bavail);</li>
 *   <li>sync: BTRFS_IOC_SYNC (commit, wake the cleaner that frees deleted subvolumes' space; unprivileged).</li>
 * </ul>
 * Every operation first checks that the path exists, is on btrfs and (where needed) is a subvolume, so
 * errors name the actual cause. Changes never follow a symbolic link in the path's last component.
 */
package byteback.btrfs;
