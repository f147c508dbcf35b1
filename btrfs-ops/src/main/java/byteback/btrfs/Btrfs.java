package byteback.btrfs;

import byteback.btrfs.BtrfsException.Reason;
import byteback.btrfs.FileNames.Entry;
import byteback.btrfs.Syscalls.Fd;
import jnr.constants.platform.Errno;
import jnr.posix.FileStat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * btrfs subvolume operations through the kernel's ioctls (no btrfs-progs). Stateless, so
 * thread-safe and cheap to create. Every failure is a {@link BtrfsException} whose message says
 * what went wrong in plain words.
 *
 * <p>Operations that change a subvolume never follow a symbolic link in the path's last component.
 */
public final class Btrfs {

    public Btrfs() {
    }

    /** Creates an empty subvolume at path; its parent directory must exist. */
    public void createSubvolume(Path path) throws BtrfsException {
        String failed = "cannot create subvolume " + path;
        Syscalls.checkPlatform();
        Entry target = FileNames.entry(path, failed);
        try (Fd dir = Handles.btrfsDirectory(target.parent(), failed)) {
            Syscalls.ioctl(dir, Ioctl.SUBVOL_CREATE, VolumeArgs.v1(target.nameBytes()));
        } catch (NativeError e) {
            throw createFailure(failed, target, e);
        }
    }

    /** Whether path is the top directory of a subvolume (follows symlinks). */
    public boolean isSubvolume(Path path) throws BtrfsException {
        String failed = "cannot tell whether " + path + " is a subvolume";
        Syscalls.checkPlatform();
        try (Fd fd = Handles.anyFile(path, failed)) {
            Handles.requireBtrfs(fd, path, failed);
            FileStat stat = Syscalls.fstat(fd);
            return stat.isDirectory() && stat.ino() == Ioctl.SUBVOLUME_ROOT_INODE;
        } catch (NativeError e) {
            throw Errors.translate(failed, e);
        }
    }

    /** Whether path is on a btrfs filesystem at all. */
    public boolean isBtrfs(Path path) throws BtrfsException {
        String failed = "cannot tell whether " + path + " is on btrfs";
        Syscalls.checkPlatform();
        try (Fd fd = Handles.anyFile(path, failed)) {
            return Handles.statfs(fd, failed).isBtrfs();
        }
    }

    /**
     * Snapshots the subvolume source to target (whose parent directory must exist). With readOnly the
     * snapshot is read-only from the moment it exists (BTRFS_IOC_SNAP_CREATE_V2 with BTRFS_SUBVOL_RDONLY).
     */
    public void snapshot(Path source, Path target, boolean readOnly) throws BtrfsException {
        String failed = "cannot snapshot " + source + " to " + target;
        Syscalls.checkPlatform();
        Entry entry = FileNames.entry(target, failed);
        try (Fd src = Handles.subvolume(source, true, failed);
             Fd dir = Handles.btrfsDirectory(entry.parent(), failed)) {
            long flags = readOnly ? Ioctl.SUBVOL_RDONLY : 0;
            Syscalls.ioctl(dir, Ioctl.SNAP_CREATE_V2, VolumeArgs.v2(src.number(), flags, entry.nameBytes()));
        } catch (NativeError e) {
            if (e.is(Errno.EXDEV)) {
                throw new BtrfsException(Reason.OTHER, failed + ": a snapshot must be on the same btrfs filesystem as its source");
            }
            if (e.is(Errno.EPERM) && Syscalls.geteuid() != 0) {
                throw new BtrfsException(Reason.PERMISSION_DENIED, failed
                        + ": permission denied (only root or the owner of " + source + " may snapshot it)");
            }
            throw createFailure(failed, entry, e);
        }
    }

    /**
     * Deletes the subvolume at path, read-only snapshots included. As root this always works; an
     * unprivileged owner needs a filesystem mounted with user_subvol_rm_allowed and write permission on
     * the subvolume's top directory and the directory that holds it. For such a user the kernel refuses
     * to delete a read-only subvolume (it grants no write permission on it), so its read-only flag is
     * cleared first — and set again when the deletion still fails.
     */
    public void deleteSubvolume(Path path) throws BtrfsException {
        String failed = "cannot delete subvolume " + path;
        Syscalls.checkPlatform();
        Entry entry = FileNames.entry(path, failed);
        boolean readOnly;
        try (Fd sub = Handles.subvolume(path, false, failed)) {
            readOnly = (flags(sub) & Ioctl.SUBVOL_RDONLY) != 0;
        } catch (NativeError e) {
            throw Errors.translate(failed, e);
        }
        try (Fd dir = parentForDelete(entry, failed)) {
            try {
                destroy(dir, entry);
            } catch (NativeError e) {
                if (!(readOnly && e.is(Errno.EROFS))) {
                    throw deleteFailure(failed, entry, e);
                }
                deleteReadOnly(dir, entry, failed);
            }
        } catch (NativeError e) {
            throw Errors.translate(failed, e);
        }
    }

    /** Whether the subvolume at path is read-only (follows symlinks). */
    public boolean isReadOnly(Path path) throws BtrfsException {
        String failed = "cannot read the read-only flag of " + path;
        Syscalls.checkPlatform();
        try (Fd sub = Handles.subvolume(path, true, failed)) {
            return (flags(sub) & Ioctl.SUBVOL_RDONLY) != 0;
        } catch (NativeError e) {
            throw Errors.translate(failed, e);
        }
    }

    /** Makes the subvolume at path read-only or writable; only its owner or root may. */
    public void setReadOnly(Path path, boolean readOnly) throws BtrfsException {
        String failed = "cannot make " + path + (readOnly ? " read-only" : " writable");
        Syscalls.checkPlatform();
        try (Fd sub = Handles.subvolume(path, false, failed)) {
            setFlag(sub, readOnly);
        } catch (NativeError e) {
            if (e.is(Errno.EPERM) || e.is(Errno.EACCES)) {
                throw new BtrfsException(Reason.PERMISSION_DENIED, failed
                        + ": permission denied (only root or the subvolume's owner may change its read-only flag)");
            }
            throw Errors.translate(failed, e);
        }
    }

    /** The kernel's information about the subvolume at path (BTRFS_IOC_GET_SUBVOL_INFO, works unprivileged). */
    public SubvolumeInfo info(Path path) throws BtrfsException {
        String failed = "cannot read subvolume information of " + path;
        Syscalls.checkPlatform();
        try (Fd sub = Handles.subvolume(path, true, failed)) {
            byte[] args = new byte[SubvolInfoStruct.SIZE];
            Syscalls.ioctl(sub, Ioctl.GET_SUBVOL_INFO, args);
            return SubvolInfoStruct.decode(args);
        } catch (NativeError e) {
            throw Errors.translate(failed, e);
        }
    }

    /**
     * The subvolumes directly inside directory (not deeper), sorted by name. Symbolic links are not
     * followed; a subvolume is a directory entry whose inode is a subvolume's top directory (256).
     */
    public List<Path> listSubvolumes(Path directory) throws BtrfsException {
        String failed = "cannot list the subvolumes in " + directory;
        Syscalls.checkPlatform();
        Handles.btrfsDirectory(directory, failed).close(); // exists, is a directory, is on btrfs
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                Map<String, Object> attrs;
                try {
                    attrs = Files.readAttributes(entry, "unix:ino,mode", LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue; // removed while we were listing
                }
                boolean isDirectory = ((Integer) attrs.get("mode") & 0170000) == 0040000;
                if (isDirectory && (Long) attrs.get("ino") == Ioctl.SUBVOLUME_ROOT_INODE && onBtrfs(entry)) {
                    found.add(entry);
                }
            }
        } catch (NoSuchFileException e) {
            throw new BtrfsException(Reason.NOT_FOUND, failed + ": " + directory + " does not exist");
        } catch (AccessDeniedException e) {
            throw new BtrfsException(Reason.PERMISSION_DENIED, failed + ": permission denied");
        } catch (IOException e) {
            throw new BtrfsException(Reason.OTHER, failed + ": " + e.getMessage());
        }
        found.sort(Comparator.comparing(p -> p.getFileName().toString()));
        return found;
    }

    /** The size and free space of the btrfs filesystem that holds the path (statfs). */
    public SpaceUsage space(Path anyPathOnTheFilesystem) throws BtrfsException {
        String failed = "cannot read the free space of the filesystem holding " + anyPathOnTheFilesystem;
        Syscalls.checkPlatform();
        try (Fd fd = Handles.anyFile(anyPathOnTheFilesystem, failed)) {
            StatfsStruct fs = Handles.statfs(fd, failed);
            if (!fs.isBtrfs()) {
                throw new BtrfsException(Reason.NOT_BTRFS, failed + ": " + anyPathOnTheFilesystem
                        + " is not on a btrfs filesystem (it is on " + fs.typeName() + ")");
            }
            return fs.space();
        }
    }

    /**
     * Commits the filesystem's current transaction and wakes its cleaner (BTRFS_IOC_SYNC; works
     * unprivileged). btrfs gives back a deleted subvolume's space lazily, in the background: call this,
     * then read {@link #space} again, to see it sooner. The path may be any directory or regular file on
     * the filesystem.
     */
    public void sync(Path anyPathOnTheFilesystem) throws BtrfsException {
        String failed = "cannot sync the filesystem holding " + anyPathOnTheFilesystem;
        try (Fd fd = directoryOf(anyPathOnTheFilesystem, failed)) {
            Syscalls.ioctl(fd, Ioctl.SYNC, null);
        } catch (NativeError e) {
            throw Errors.translate(failed, e);
        }
    }

    /**
     * Starts committing the filesystem's running transaction and returns at once with its id
     * (BTRFS_IOC_START_SYNC; works unprivileged). Unlike {@link #sync} it writes out no file data
     * still in memory: it makes the tree changes so far count, e.g. in btrfs quota groups, which
     * the kernel updates as a transaction commits.
     */
    public long startCommit(Path anyPathOnTheFilesystem) throws BtrfsException {
        String failed = "cannot commit the filesystem holding " + anyPathOnTheFilesystem;
        try (Fd fd = directoryOf(anyPathOnTheFilesystem, failed)) {
            byte[] transid = new byte[8];
            Syscalls.ioctl(fd, Ioctl.START_SYNC, transid);
            return ByteBuffer.wrap(transid).order(ByteOrder.nativeOrder()).getLong();
        } catch (NativeError e) {
            throw Errors.translate(failed, e);
        }
    }

    /**
     * Commits the filesystem's running transaction and waits until it is on disc
     * (BTRFS_IOC_START_SYNC, then BTRFS_IOC_WAIT_SYNC; unprivileged); file data still in memory is
     * not written out (that is {@link #sync}).
     */
    public void commit(Path anyPathOnTheFilesystem) throws BtrfsException {
        String failed = "cannot commit the filesystem holding " + anyPathOnTheFilesystem;
        long transid = startCommit(anyPathOnTheFilesystem);
        try (Fd fd = directoryOf(anyPathOnTheFilesystem, failed)) {
            byte[] arg = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(transid).array();
            Syscalls.ioctl(fd, Ioctl.WAIT_SYNC, arg);
        } catch (NativeError e) {
            throw Errors.translate(failed, e);
        }
    }

    /** A descriptor of the path when it is a directory, else of its parent directory, on btrfs. */
    private static Fd directoryOf(Path anyPathOnTheFilesystem, String failed) throws BtrfsException {
        Syscalls.checkPlatform();
        Path dir = Files.isDirectory(anyPathOnTheFilesystem) ? anyPathOnTheFilesystem
                : anyPathOnTheFilesystem.toAbsolutePath().getParent();
        if (dir == null || !Files.exists(anyPathOnTheFilesystem, LinkOption.NOFOLLOW_LINKS)) {
            throw new BtrfsException(Reason.NOT_FOUND, failed + ": " + anyPathOnTheFilesystem + " does not exist");
        }
        return Handles.btrfsDirectory(dir, failed);
    }

    /**
     * The inodes of the subvolume at path whose inode item was written in transaction
     * {@code sinceTransid} or later (BTRFS_IOC_TREE_SEARCH_V2 over the subvolume's own tree, skipping
     * every tree block older than that, as {@code btrfs subvolume find-new} does). With a snapshot's
     * creation transaction this finds every inode that may differ from that snapshot (a file whose
     * content, size, mode, owner, times, xattrs or names changed, a directory whose entries
     * changed); it may also return inodes that only look changed (a new access time). Inodes
     * deleted since are not in the subvolume any more: their directories are. Needs CAP_SYS_ADMIN
     * (the kernel's rule for tree searches): otherwise a {@link BtrfsException} with reason
     * {@link Reason#PERMISSION_DENIED}.
     *
     * @return changed inodes by number
     */
    public Map<Long, ChangedInode> changedInodes(Path subvolume, long sinceTransid) throws BtrfsException {
        String failed = "cannot search " + subvolume + " for changes since transaction " + sinceTransid;
        Syscalls.checkPlatform();
        Map<Long, ChangedInode> inodes = new java.util.HashMap<>();
        java.util.Set<Long> dataChanged = new java.util.HashSet<>();
        try (Fd sub = Handles.subvolume(subvolume, true, failed)) {
            TreeSearch.Key key = new TreeSearch.Key(TreeSearch.FIRST_FREE_OBJECTID, TreeSearch.LAST_FREE_OBJECTID,
                    0, 255, 0, -1L, sinceTransid);
            search(sub, key, failed, item -> {
                if (item.type() == TreeSearch.INODE_ITEM) {
                    java.nio.ByteBuffer d = item.data();
                    long transid = TreeSearch.inodeTransid(d);
                    if (Long.compareUnsigned(transid, sinceTransid) >= 0) {
                        inodes.put(item.objectid(), new ChangedInode(item.objectid(), TreeSearch.inodeMode(d),
                                TreeSearch.inodeGeneration(d), transid, TreeSearch.inodeSize(d), false));
                    }
                } else if (item.type() == TreeSearch.EXTENT_DATA && item.data().limit() >= 8
                        && Long.compareUnsigned(TreeSearch.extentGeneration(item.data()), sinceTransid) >= 0) {
                    dataChanged.add(item.objectid());
                }
            });
        } catch (NativeError e) {
            throw searchFailure(failed, e);
        }
        for (Long ino : dataChanged) {
            inodes.computeIfPresent(ino, (k, c) -> new ChangedInode(c.inode(), c.mode(), c.createdTransid(),
                    c.transid(), c.size(), true));
        }
        return inodes;
    }

    /**
     * Every name of an inode in the subvolume at path (hard links give several), each relative to
     * the subvolume's top directory, from its INODE_REF/INODE_EXTREF items and BTRFS_IOC_INO_LOOKUP
     * of the directories holding it. Empty when the inode has no name (deleted). Needs CAP_SYS_ADMIN.
     */
    public List<byte[]> inodePaths(Path subvolume, long inode) throws BtrfsException {
        String failed = "cannot find the names of inode " + inode + " in " + subvolume;
        Syscalls.checkPlatform();
        List<TreeSearch.Ref> refs = new ArrayList<>();
        List<byte[]> paths = new ArrayList<>();
        try (Fd sub = Handles.subvolume(subvolume, true, failed)) {
            TreeSearch.Key key = new TreeSearch.Key(inode, inode, TreeSearch.INODE_REF, TreeSearch.INODE_EXTREF,
                    0, -1L, 0);
            search(sub, key, failed, item -> {
                if (item.objectid() != inode) return;
                if (item.type() == TreeSearch.INODE_REF) refs.addAll(TreeSearch.inodeRefs(item.offset(), item.data()));
                if (item.type() == TreeSearch.INODE_EXTREF) refs.addAll(TreeSearch.inodeExtrefs(item.data()));
            });
            Map<Long, byte[]> dirs = new java.util.HashMap<>();
            for (TreeSearch.Ref ref : refs) {
                byte[] dir = dirs.get(ref.parent());
                if (dir == null) {
                    byte[] args = TreeSearch.inoLookupArgs(ref.parent());
                    Syscalls.ioctl(sub, Ioctl.INO_LOOKUP, args);
                    dir = TreeSearch.inoLookupPath(args);
                    dirs.put(ref.parent(), dir);
                }
                byte[] path = new byte[dir.length == 0 ? ref.name().length : dir.length + 1 + ref.name().length];
                int p = 0;
                if (dir.length > 0) {
                    System.arraycopy(dir, 0, path, 0, dir.length);
                    path[dir.length] = '/';
                    p = dir.length + 1;
                }
                System.arraycopy(ref.name(), 0, path, p, ref.name().length);
                paths.add(path);
            }
        } catch (NativeError e) {
            throw searchFailure(failed, e);
        }
        return paths;
    }

    private static void search(Fd sub, TreeSearch.Key first, String failed,
                               java.util.function.Consumer<TreeSearch.Item> each) throws NativeError {
        TreeSearch.Key key = first;
        int bufSize = 64 * 1024;
        while (key != null) {
            byte[] args = TreeSearch.args(key, bufSize);
            try {
                Syscalls.ioctl(sub, Ioctl.TREE_SEARCH_V2, args);
            } catch (NativeError e) {
                if (e.is(Errno.EOVERFLOW) && bufSize < (16 << 20)) { // one item larger than the buffer
                    bufSize *= 4;
                    continue;
                }
                throw e;
            }
            List<TreeSearch.Item> items = TreeSearch.items(args);
            if (items.isEmpty()) return;
            for (TreeSearch.Item item : items) each.accept(item);
            TreeSearch.Item last = items.get(items.size() - 1);
            key = key.after(last.objectid(), last.type(), last.offset());
        }
    }

    private static BtrfsException searchFailure(String failed, NativeError e) {
        if (e.is(Errno.EPERM) || e.is(Errno.EACCES)) {
            return new BtrfsException(Reason.PERMISSION_DENIED, failed
                    + ": permission denied (btrfs tree searches need root, CAP_SYS_ADMIN)");
        }
        return Errors.translate(failed, e);
    }

    // ---- internals ----

    private static boolean onBtrfs(Path entry) {
        try (Fd fd = Syscalls.openPath(entry.toString())) {
            return Syscalls.fstatfs(fd).isBtrfs();
        } catch (NativeError e) {
            return false;
        }
    }

    private static long flags(Fd sub) throws NativeError {
        byte[] word = new byte[8];
        Syscalls.ioctl(sub, Ioctl.SUBVOL_GETFLAGS, word);
        return ByteBuffer.wrap(word).order(ByteOrder.nativeOrder()).getLong(0);
    }

    private static void setFlag(Fd sub, boolean readOnly) throws NativeError {
        long flags = flags(sub);
        long wanted = readOnly ? flags | Ioctl.SUBVOL_RDONLY : flags & ~Ioctl.SUBVOL_RDONLY;
        if (wanted != flags) {
            byte[] word = new byte[8];
            ByteBuffer.wrap(word).order(ByteOrder.nativeOrder()).putLong(0, wanted);
            Syscalls.ioctl(sub, Ioctl.SUBVOL_SETFLAGS, word);
        }
    }

    /** The directory holding a subvolume to delete; when that is on another filesystem, the subvolume is mounted there. */
    private static Fd parentForDelete(Entry entry, String failed) throws BtrfsException {
        try {
            return Handles.btrfsDirectory(entry.parent(), failed);
        } catch (BtrfsException e) {
            if (e.reason() == Reason.NOT_BTRFS) {
                throw new BtrfsException(Reason.OTHER, failed + ": " + entry.path()
                        + " is a mount point (the top of a mounted btrfs filesystem); unmount it instead");
            }
            throw e;
        }
    }

    private static void destroy(Fd dir, Entry entry) throws NativeError {
        Syscalls.ioctl(dir, Ioctl.SNAP_DESTROY, VolumeArgs.v1(entry.nameBytes()));
    }

    /** The unprivileged owner's way to delete a read-only subvolume: make it writable, delete, else restore. */
    private static void deleteReadOnly(Fd dir, Entry entry, String failed) throws BtrfsException, NativeError {
        try (Fd sub = Handles.subvolume(entry.path(), false, failed)) {
            try {
                setFlag(sub, false);
            } catch (NativeError e) {
                if (e.is(Errno.EPERM) || e.is(Errno.EACCES)) {
                    throw new BtrfsException(Reason.PERMISSION_DENIED, failed + ": permission denied (it is read-only and"
                            + " only root or its owner may make it writable, which deleting it without root requires)");
                }
                throw Errors.translate(failed, e);
            }
            try {
                destroy(dir, entry);
            } catch (NativeError e) {
                try {
                    setFlag(sub, true);
                } catch (NativeError ignored) {
                    // report the deletion's failure, not this one
                }
                throw deleteFailure(failed, entry, e);
            }
        }
    }

    private static BtrfsException createFailure(String failed, Entry target, NativeError e) {
        if (e.is(Errno.EEXIST)) {
            return new BtrfsException(Reason.ALREADY_EXISTS, failed + ": " + target.path() + " already exists");
        }
        if (e.is(Errno.EACCES) || e.is(Errno.EPERM)) {
            return new BtrfsException(Reason.PERMISSION_DENIED, failed
                    + ": permission denied (you need write permission on " + target.parent() + ")");
        }
        return Errors.translate(failed, e);
    }

    private static BtrfsException deleteFailure(String failed, Entry entry, NativeError e) {
        if (e.is(Errno.EPERM) || e.is(Errno.EACCES)) {
            Optional<MountTable.Mount> mount = mountOf(entry.parent());
            if (Syscalls.geteuid() != 0 && mount.isPresent() && !mount.get().has("user_subvol_rm_allowed")) {
                return new BtrfsException(Reason.PERMISSION_DENIED, failed + ": permission denied: without root, a subvolume"
                        + " can only be deleted on a filesystem mounted with the option user_subvol_rm_allowed"
                        + " (as root: mount -o remount,user_subvol_rm_allowed " + mount.get().mountPoint()
                        + ", and add the option in /etc/fstab)");
            }
            return new BtrfsException(Reason.PERMISSION_DENIED, failed + ": permission denied (deleting it needs write"
                    + " permission on " + entry.path() + " and on " + entry.parent() + ")");
        }
        if (e.is(Errno.EINVAL)) {
            return new BtrfsException(Reason.NOT_SUBVOLUME, failed + ": " + entry.path() + " is not a subvolume");
        }
        return Errors.translate(failed, e);
    }

    private static Optional<MountTable.Mount> mountOf(Path dir) {
        try {
            return MountTable.current().mountOf(dir.toRealPath().toString());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
