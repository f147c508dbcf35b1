package byteback.server.sftp;

import byteback.rsync.store.BasisFile;
import byteback.rsync.protocol.FileMode;
import byteback.rsync.store.Store;
import byteback.rsync.store.StorePath;
import byteback.rsync.store.StoredEntry;
import byteback.rsync.store.UnsafePathException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.sshd.sftp.server.DefaultGroupPrincipal;
import org.apache.sshd.sftp.server.DefaultUserPrincipal;

/**
 * One client's directory ({@code ROOT/<client>}: {@code current} and the snapshots) as the SFTP
 * client sees it: the files as the client had them (types, modes and owners from
 * {@code user.rsync.%stat}, a stored symlink as a link), read through a {@link Store}, so that
 * every access walks from the client directory's descriptor one component at a time with
 * {@code O_NOFOLLOW}. The SFTP side's paths only name things: {@code ..} stops at the top, and
 * nothing outside the client's directory can be named.
 */
public final class ClientView implements AutoCloseable {
    /** The attribute holding the client's full mode (type, set-id and sticky bits included). */
    static final String MODE = "mode";

    private final Store store;

    public ClientView(Path clientDir) throws IOException {
        this.store = Store.open(clientDir);
    }

    /** The store path a (rooted) SFTP path names; {@code ..} above the top stays at the top. */
    static StorePath storePath(Path p) throws IOException {
        List<String> parts = new java.util.ArrayList<>();
        for (Path name : p) {
            String n = name.toString();
            if (n.isEmpty() || n.equals(".") || n.equals("/")) continue;
            if (n.equals("..")) {
                if (!parts.isEmpty()) parts.remove(parts.size() - 1);
                continue;
            }
            parts.add(n);
        }
        StorePath sp = StorePath.ROOT;
        try {
            for (String n : parts) sp = sp.resolve(n.getBytes(StandardCharsets.UTF_8));
        } catch (UnsafePathException e) {
            throw new NoSuchFileException(p.toString(), null, e.getMessage());
        }
        return sp;
    }

    StoredEntry entry(Path p) throws IOException {
        StoredEntry e = store.lookup(storePath(p), false);
        if (e == null) throw new NoSuchFileException(p.toString());
        return e;
    }

    /** The attributes of {@code p} as sshd's SFTP code reads them (keys of the "unix" view). */
    Map<String, Object> attributes(Path p) throws IOException {
        StoredEntry e = entry(p);
        int mode = e.diskType() == StoredEntry.DiskType.SYMLINK ? FileMode.S_IFLNK | 0777 : e.mode();
        int type = FileMode.type(mode);
        Map<String, Object> a = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        a.put("size", e.size());
        a.put("uid", e.uid());
        a.put("gid", e.gid());
        a.put("owner", new DefaultUserPrincipal(Integer.toUnsignedString(e.uid())));
        a.put("group", new DefaultGroupPrincipal(Integer.toUnsignedString(e.gid())));
        a.put("permissions", permissions(mode));
        a.put(MODE, mode);
        a.put("isRegularFile", type == FileMode.S_IFREG);
        a.put("isDirectory", type == FileMode.S_IFDIR);
        a.put("isSymbolicLink", type == FileMode.S_IFLNK);
        a.put("isOther", type != FileMode.S_IFREG && type != FileMode.S_IFDIR && type != FileMode.S_IFLNK);
        FileTime t = FileTime.from(e.mtime());
        a.put("lastModifiedTime", t);
        a.put("lastAccessTime", t);
        a.put("creationTime", t);
        a.put("nlink", (int) Math.min(e.links(), Integer.MAX_VALUE));
        a.put("ino", e.inode());
        a.put("fileKey", e.inode());
        return a;
    }

    static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) if ((mode & (0400 >> i)) != 0) s.add(order[i]);
        return s;
    }

    /** A stored regular file for reading; anything else (a link, a device, a directory) is refused. */
    BasisChannel open(Path p) throws IOException {
        StoredEntry e = entry(p);
        if (e.diskType() != StoredEntry.DiskType.REGULAR || !FileMode.isRegular(e.mode())) {
            throw new AccessDeniedException(p.toString(), null, "not a regular file in the backup"
                    + (FileMode.isSymlink(e.mode()) ? " (a symbolic link: it is never followed on the server)" : ""));
        }
        BasisFile f = store.openBasis(storePath(p));
        if (f == null) throw new NoSuchFileException(p.toString());
        return new BasisChannel(f);
    }

    /** The target of a stored symlink. */
    String linkTarget(Path p) throws IOException {
        StoredEntry e = entry(p);
        if (!FileMode.isSymlink(e.mode()) && e.diskType() != StoredEntry.DiskType.SYMLINK) {
            throw new NotLinkException(p.toString());
        }
        byte[] t = e.symlinkTarget() == null ? new byte[0] : e.symlinkTarget();
        return new String(t, StandardCharsets.UTF_8);
    }

    /** The entries of a directory, as paths beneath {@code dir}. */
    DirectoryStream<Path> list(Path dir) throws IOException {
        StoredEntry e = entry(dir);
        if (!e.isDirectory()) throw new NotDirectoryException(dir.toString());
        List<byte[]> names = store.list(storePath(dir));
        names.sort(java.util.Arrays::compareUnsigned);
        return new DirectoryStream<>() {
            @Override
            public Iterator<Path> iterator() {
                return names.stream().map(n -> dir.resolve(new String(n, StandardCharsets.UTF_8))).iterator();
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void close() throws IOException {
        store.close();
    }
}
