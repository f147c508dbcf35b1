package byteback.client.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jnr.ffi.Pointer;

/**
 * The machine's own files read the way rsync's sender reads them (rsync: flist.c make_file,
 * readlink_stat, xattrs.c get_xattr, acls.c get_acl): lstat through statx, directory entries by
 * getdents64 as raw bytes, symlink targets, every xattr namespace and the POSIX ACLs — none of it
 * following a final symlink, all of it on byte paths so that names in any encoding survive.
 */
public final class LocalFiles {
    private static final int MAX_XATTR_VALUE = 64 * 1024;

    /** An extended attribute: name bytes ("user.x", "security.selinux", ...) and value. */
    public record XattrValue(byte[] name, byte[] value) {
        public String nameText() {
            return new String(name, StandardCharsets.UTF_8);
        }
    }

    private LocalFiles() {}

    /** lstat; null when the file is gone (rsync counts that as vanished). */
    public static LocalFile lstat(byte[] path) throws IOException {
        Pointer b = Scratch.mine().statx;
        if (Libc.C.statx(Libc.AT_FDCWD, path, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, b) != 0) {
            int e = Libc.errno();
            if (e == Libc.ENOENT || e == Libc.ENOTDIR) return null;
            throw error(path, e);
        }
        // struct statx, read in place (linux/stat.h)
        int nlink = b.getInt(16);
        int uid = b.getInt(20);
        int gid = b.getInt(24);
        int mode = b.getShort(28) & 0xffff;
        long ino = b.getLong(32);
        long size = b.getLong(40);
        long mtime = b.getLong(112);
        int mtimeNs = b.getInt(120);
        int rdevMajor = b.getInt(128);
        int rdevMinor = b.getInt(132);
        long devMajor = b.getInt(136) & 0xffffffffL;
        long devMinor = b.getInt(140) & 0xffffffffL;
        byte[] target = (mode & LocalFile.S_IFMT) == LocalFile.S_IFLNK ? readlink(path, size) : null;
        return new LocalFile(path, mode, uid, gid, size, mtime, mtimeNs, rdevMajor, rdevMinor, devMajor, devMinor, ino,
                nlink, target);
    }

    /** The file type (S_IFMT bits) of an open descriptor: fstat through statx(AT_EMPTY_PATH). */
    static int fileType(int fd, byte[] pathForErrors) throws IOException {
        Pointer b = Scratch.mine().statx;
        if (Libc.C.statx(fd, Libc.EMPTY_PATH, 0x1000 /* AT_EMPTY_PATH */, Libc.STATX_BASIC_STATS, b) != 0) {
            throw error(pathForErrors, Libc.errno());
        }
        return b.getShort(28) & LocalFile.S_IFMT;
    }

    private static byte[] readlink(byte[] path, long sizeHint) throws IOException {
        int cap = (int) Math.max(64, Math.min(sizeHint + 1, 65536));
        while (true) {
            byte[] buf = new byte[cap];
            long n = Libc.C.readlink(path, buf, cap);
            if (n < 0) throw error(path, Libc.errno());
            if (n < cap) return Arrays.copyOf(buf, (int) n);
            if (cap >= 1 << 20) throw new FileSystemException(text(path), null, "symlink target too long");
            cap *= 2;
        }
    }

    /**
     * The names in a directory (not "." and ".."), unsorted; the directory itself is not followed if a
     * symlink (rsync: flist.c send_directory's readdir loop). The entries come in through the
     * thread's native buffer, as many getdents64 calls as the directory needs.
     */
    public static List<byte[]> list(byte[] dir) throws IOException {
        int fd = Libc.C.open(dir, Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        if (fd < 0) throw error(dir, Libc.errno());
        try {
            List<byte[]> names = new ArrayList<>();
            Pointer buf = Scratch.mine().dirents;
            while (true) {
                long n = Libc.C.getdents64(fd, buf, Scratch.DIRENTS);
                if (n < 0) throw error(dir, Libc.errno());
                if (n == 0) return names;
                // struct linux_dirent64: d_ino 8, d_off 8, d_reclen 2, d_type 1, d_name (NUL-terminated, padded)
                long pos = 0;
                while (pos < n) {
                    int reclen = buf.getShort(pos + 16) & 0xffff;
                    long start = pos + 19;
                    int len = buf.indexOf(start, (byte) 0, reclen - 19);
                    if (len < 0) len = reclen - 19;
                    if (!isDotOrDotDot(buf, start, len)) {
                        byte[] name = new byte[len];
                        buf.get(start, name, 0, len);
                        names.add(name);
                    }
                    pos += reclen;
                }
            }
        } finally {
            Libc.C.close(fd);
        }
    }

    private static boolean isDotOrDotDot(Pointer buf, long start, int len) {
        if (len == 0 || len > 2 || buf.getByte(start) != '.') return false;
        return len == 1 || buf.getByte(start + 1) == '.';
    }

    /**
     * Every xattr of the file itself (a symlink's own), in name order, except the POSIX ACLs
     * (system.posix_acl_*), which rsync sends as ACLs. Empty where the filesystem has none.
     */
    public static List<XattrValue> xattrs(byte[] path) throws IOException {
        long size = Libc.C.llistxattr(path, null, 0);
        if (size < 0) {
            int e = Libc.errno();
            if (e == Libc.ENOTSUP) return List.of();
            if (e == Libc.ENOENT) return List.of();
            throw error(path, e);
        }
        if (size == 0) return List.of();
        byte[] list = new byte[(int) size + 256];
        long n = Libc.C.llistxattr(path, list, list.length);
        if (n < 0) throw error(path, Libc.errno());
        List<XattrValue> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (list[i] != 0) continue;
            byte[] name = Arrays.copyOfRange(list, start, i);
            start = i + 1;
            if (name.length == 0) continue;
            String t = new String(name, StandardCharsets.ISO_8859_1);
            if (t.equals("system.posix_acl_access") || t.equals("system.posix_acl_default")) continue;
            byte[] value = getxattr(path, name);
            if (value != null) out.add(new XattrValue(name, value));
        }
        out.sort((a, b) -> Arrays.compareUnsigned(a.name(), b.name()));
        return out;
    }

    private static byte[] getxattr(byte[] path, byte[] name) throws IOException {
        long size = Libc.C.lgetxattr(path, name, null, 0);
        if (size < 0) {
            int e = Libc.errno();
            if (e == Libc.ENODATA) return null; // removed meanwhile
            throw error(path, e);
        }
        if (size > MAX_XATTR_VALUE) size = MAX_XATTR_VALUE;
        byte[] v = new byte[(int) size];
        long n = Libc.C.lgetxattr(path, name, v, v.length);
        if (n < 0) {
            int e = Libc.errno();
            if (e == Libc.ENODATA) return null;
            throw error(path, e);
        }
        return n == v.length ? v : Arrays.copyOf(v, (int) n);
    }

    /**
     * A POSIX ACL (the access ACL, or a directory's default ACL), or null when the file has none
     * beyond its mode.
     */
    public static PosixAcl acl(byte[] path, boolean defaultAcl) throws IOException {
        byte[] value = getxattr(path, (defaultAcl ? "system.posix_acl_default" : "system.posix_acl_access")
                .getBytes(StandardCharsets.US_ASCII));
        return value == null ? null : PosixAcl.decode(value);
    }

    static IOException error(byte[] path, int errno) {
        String file = text(path);
        String why = Libc.C.strerror(errno);
        return switch (errno) {
            case Libc.ENOENT -> new NoSuchFileException(file);
            case 13 -> new AccessDeniedException(file, null, why);
            default -> new FileSystemException(file, null, why);
        };
    }

    private static String text(byte[] path) {
        return new String(path, StandardCharsets.UTF_8);
    }
}
