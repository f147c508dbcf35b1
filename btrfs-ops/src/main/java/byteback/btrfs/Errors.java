package byteback.btrfs;

import byteback.btrfs.BtrfsException.Reason;
import jnr.constants.platform.Errno;

/** Turns a failed system call into a {@link BtrfsException} whose message a user understands. */
final class Errors {

    private Errors() {
    }

    /**
     * @param failed what could not be done, e.g. "cannot create subvolume /srv/x"
     * @param e      the failed call
     */
    static BtrfsException translate(String failed, NativeError e) {
        Errno errno = e.errno();
        Reason reason = reasonOf(errno);
        return new BtrfsException(reason, failed + ": " + words(errno, e.code()));
    }

    static Reason reasonOf(Errno errno) {
        if (errno == null) {
            return Reason.OTHER;
        }
        return switch (errno) {
            case EEXIST -> Reason.ALREADY_EXISTS;
            case ENOENT, ENOTDIR -> Reason.NOT_FOUND;
            case EPERM, EACCES -> Reason.PERMISSION_DENIED;
            case ENOSPC, EDQUOT -> Reason.NO_SPACE;
            case ENOTTY, EOPNOTSUPP -> Reason.NOT_BTRFS;
            default -> Reason.OTHER;
        };
    }

    static String words(Errno errno, int code) {
        if (errno == null || errno.name().startsWith("__")) {
            return "the kernel refused with error number " + code;
        }
        return switch (errno) {
            case EEXIST -> "it already exists";
            case ENOENT -> "no such file or directory";
            case ENOTDIR -> "a part of the path is not a directory";
            case EPERM, EACCES -> "permission denied";
            case ENOSPC -> "no space left on the filesystem";
            case EDQUOT -> "the disc quota is exhausted";
            case ENOTTY, EOPNOTSUPP -> "not supported here: the path is not on a btrfs filesystem";
            case EROFS -> "the filesystem or subvolume is read-only";
            case EXDEV -> "source and target are on different filesystems";
            case ENOTEMPTY -> "it still contains other subvolumes; delete those first";
            case EBUSY -> "it is in use (mounted somewhere, or the filesystem's default subvolume)";
            case ENAMETOOLONG -> "the name is too long";
            case ELOOP -> "too many levels of symbolic links";
            case EMLINK -> "the directory has too many entries";
            case EAGAIN -> "the subvolume is busy (a send is in progress); try again later";
            case EINVAL -> "the kernel rejected the request as invalid";
            case ENOMEM -> "the kernel is out of memory";
            case EIO -> "an input/output error on the device";
            default -> errno.description().toLowerCase(java.util.Locale.ROOT);
        };
    }
}
