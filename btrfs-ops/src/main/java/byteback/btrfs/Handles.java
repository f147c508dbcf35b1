package byteback.btrfs;

import byteback.btrfs.BtrfsException.Reason;
import byteback.btrfs.Syscalls.Fd;
import jnr.constants.platform.Errno;
import jnr.posix.FileStat;

import java.nio.file.Path;

/**
 * Opens the file descriptors the ioctls work on, checking on the way that the path exists, is on
 * btrfs and (where asked) is a subvolume, so each failure is reported in its own words.
 */
final class Handles {

    private Handles() {
    }

    /** A directory on btrfs, e.g. the one a new subvolume is created in. Follows symlinks. */
    static Fd btrfsDirectory(Path dir, String failed) throws BtrfsException {
        Fd fd = open(dir, true, true, failed);
        try {
            requireBtrfs(fd, dir, failed);
            return fd;
        } catch (BtrfsException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /**
     * A subvolume's top directory, opened for ioctls.
     *
     * @param follow whether a symlink as the last component is followed (never for changes)
     */
    static Fd subvolume(Path path, boolean follow, String failed) throws BtrfsException {
        Fd fd = open(path, follow, false, failed);
        try {
            requireBtrfs(fd, path, failed);
            FileStat stat = Syscalls.fstat(fd);
            if (stat.ino() != Ioctl.SUBVOLUME_ROOT_INODE) {
                throw new BtrfsException(Reason.NOT_SUBVOLUME, failed + ": " + path + " is a plain directory, not a subvolume");
            }
            return fd;
        } catch (NativeError e) {
            fd.close();
            throw Errors.translate(failed, e);
        } catch (BtrfsException | RuntimeException e) {
            fd.close();
            throw e;
        }
    }

    /** Any file, opened with O_PATH for fstat/fstatfs only. */
    static Fd anyFile(Path path, String failed) throws BtrfsException {
        try {
            return Syscalls.openPath(path.toString());
        } catch (NativeError e) {
            throw openFailure(path, e, true, true, failed);
        }
    }

    static StatfsStruct statfs(Fd fd, String failed) throws BtrfsException {
        try {
            return Syscalls.fstatfs(fd);
        } catch (NativeError e) {
            throw Errors.translate(failed, e);
        }
    }

    static void requireBtrfs(Fd fd, Path path, String failed) throws BtrfsException {
        StatfsStruct fs = statfs(fd, failed);
        if (!fs.isBtrfs()) {
            throw new BtrfsException(Reason.NOT_BTRFS, failed + ": " + path + " is not on a btrfs filesystem (it is on " + fs.typeName() + ")");
        }
    }

    private static Fd open(Path path, boolean follow, boolean mustBeDirectory, String failed) throws BtrfsException {
        try {
            return Syscalls.openDirectory(path.toString(), follow);
        } catch (NativeError e) {
            throw openFailure(path, e, follow, mustBeDirectory, failed);
        }
    }

    private static BtrfsException openFailure(Path path, NativeError e, boolean follow, boolean mustBeDirectory,
                                              String failed) {
        if (e.is(Errno.ENOENT)) {
            return new BtrfsException(Reason.NOT_FOUND, failed + ": " + path + " does not exist");
        }
        if (e.is(Errno.ENOTDIR)) {
            if (!follow && java.nio.file.Files.isSymbolicLink(path)) {
                return new BtrfsException(mustBeDirectory ? Reason.NOT_FOUND : Reason.NOT_SUBVOLUME,
                        failed + ": " + path + " is a symbolic link, which is not followed here");
            }
            // either the last component is not a directory, or one on the way to it is not
            return mustBeDirectory || !parentIsDirectory(path)
                    ? new BtrfsException(Reason.NOT_FOUND, failed + ": " + path + " is not a directory")
                    : new BtrfsException(Reason.NOT_SUBVOLUME, failed + ": " + path + " is not a directory, so not a subvolume");
        }
        if (e.is(Errno.ELOOP) && !follow) {
            return new BtrfsException(Reason.NOT_SUBVOLUME, failed + ": " + path + " is a symbolic link, which is not followed here");
        }
        if (e.is(Errno.EACCES)) {
            return new BtrfsException(Reason.PERMISSION_DENIED, failed + ": permission denied to open " + path);
        }
        return Errors.translate(failed, e);
    }

    private static boolean parentIsDirectory(Path path) {
        Path parent = path.toAbsolutePath().getParent();
        return parent == null || java.nio.file.Files.isDirectory(parent);
    }
}
