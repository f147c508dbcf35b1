package byteback.server.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Who should own what the server and the admin CLI create under ROOT: the owner of ROOT. When the
 * CLI runs as root on a ROOT owned by the byteback user, what it creates is handed to that user,
 * so the server (running as that user) can use it.
 */
public record Ownership(int uid, int gid, boolean change) {
    public static final Ownership KEEP = new Ownership(-1, -1, false);

    /** Hand new files to ROOT's owner when we run as root and ROOT belongs to someone else. */
    public static Ownership of(Path root) throws IOException {
        int uid = (Integer) Files.getAttribute(root, "unix:uid");
        int gid = (Integer) Files.getAttribute(root, "unix:gid");
        int me = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        return new Ownership(uid, gid, me == 0 && uid != 0);
    }

    /** Hands an open file or directory to ROOT's owner (fchown: no name, so no symlink, is involved). */
    void applyTo(int fd, Path forMessages) throws IOException {
        if (!change) return;
        if (Beneath.fchown(fd, uid, gid) != 0) throw new IOException("cannot hand " + forMessages + " to uid " + uid);
    }

    public void apply(Path p) throws IOException {
        if (!change) return;
        Files.setAttribute(p, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(p, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
    }

    /** Creates missing directories down to {@code dir} with mode 0700. */
    public static void createPrivateDirectories(Path dir, Ownership o) throws IOException {
        if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) return;
        Path parent = dir.getParent();
        if (parent != null) createPrivateDirectories(parent, o);
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        o.apply(dir);
    }

    /** Creates a new empty file with mode 0600 (replacing a stale one). */
    public static Path createPrivateFile(Path file, Ownership o) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        o.apply(file);
        return file;
    }
}
