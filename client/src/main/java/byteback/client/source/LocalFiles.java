package byteback.client.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

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
        byte[] buf = new byte[256];
        if (Libc.C.statx(Libc.AT_FDCWD, Libc.cstr(path), Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS, buf) != 0) {
            int e = Libc.errno();
            if (e == Libc.ENOENT || e == Libc.ENOTDIR) return null;
            throw error(path, e);
        }
        ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
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

    private static byte[] readlink(byte[] path, long sizeHint) throws IOException {
        int cap = (int) Math.max(64, Math.min(sizeHint + 1, 65536));
        while (true) {
            byte[] buf = new byte[cap];
            long n = Libc.C.readlink(Libc.cstr(path), buf, cap);
            if (n < 0) throw error(path, Libc.errno());
            if (n < cap) return Arrays.copyOf(buf, (int) n);
            if (cap >= 1 << 20) throw new FileSystemException(text(path), null, "symlink target too long");
            cap *= 2;
        }
    }

    /** The names in a directory (not "." and ".."), unsorted; the directory itself is not followed if a symlink. */
    public static List<byte[]> list(byte[] dir) throws IOException {
        int fd = Libc.C.open(Libc.cstr(dir), Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_NOFOLLOW | Libc.O_CLOEXEC, 0);
        if (fd < 0) throw error(dir, Libc.errno());
        try {
            List<byte[]> names = new ArrayList<>();
            byte[] buf = new byte[64 * 1024];
            while (true) {
                long n = Libc.C.getdents64(fd, buf, buf.length);
                if (n < 0) throw error(dir, Libc.errno());
                if (n == 0) return names;
                ByteBuffer b = ByteBuffer.wrap(buf, 0, (int) n).order(ByteOrder.nativeOrder());
                int pos = 0;
                while (pos < n) {
                    int reclen = b.getShort(pos + 16) & 0xffff;
                    int start = pos + 19;
                    int end = start;
                    while (end < pos + reclen && buf[end] != 0) end++;
                    byte[] name = Arrays.copyOfRange(buf, start, end);
                    if (!(name.length == 1 && name[0] == '.') && !(name.length == 2 && name[0] == '.' && name[1] == '.')) {
                        names.add(name);
                    }
                    pos += reclen;
                }
            }
        } finally {
            Libc.C.close(fd);
        }
    }

    /**
     * Every xattr of the file itself (a symlink's own), in name order, except the POSIX ACLs
     * (system.posix_acl_*), which rsync sends as ACLs. Empty where the filesystem has none.
     */
    public static List<XattrValue> xattrs(byte[] path) throws IOException {
        byte[] p = Libc.cstr(path);
        long size = Libc.C.llistxattr(p, null, 0);
        if (size < 0) {
            int e = Libc.errno();
            if (e == Libc.ENOTSUP) return List.of();
            if (e == Libc.ENOENT) return List.of();
            throw error(path, e);
        }
        if (size == 0) return List.of();
        byte[] list = new byte[(int) size + 256];
        long n = Libc.C.llistxattr(p, list, list.length);
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
            byte[] value = getxattr(p, name);
            if (value != null) out.add(new XattrValue(name, value));
        }
        out.sort((a, b) -> Arrays.compareUnsigned(a.name(), b.name()));
        return out;
    }

    private static byte[] getxattr(byte[] cpath, byte[] name) throws IOException {
        byte[] cname = Libc.cstr(name);
        long size = Libc.C.lgetxattr(cpath, cname, null, 0);
        if (size < 0) {
            int e = Libc.errno();
            if (e == Libc.ENODATA) return null; // removed meanwhile
            throw error(Arrays.copyOf(cpath, cpath.length - 1), e);
        }
        if (size > MAX_XATTR_VALUE) size = MAX_XATTR_VALUE;
        byte[] v = new byte[(int) size];
        long n = Libc.C.lgetxattr(cpath, cname, v, v.length);
        if (n < 0) {
            int e = Libc.errno();
            if (e == Libc.ENODATA) return null;
            throw error(Arrays.copyOf(cpath, cpath.length - 1), e);
        }
        return n == v.length ? v : Arrays.copyOf(v, (int) n);
    }

    /**
     * A POSIX ACL (the access ACL, or a directory's default ACL), or null when the file has none
     * beyond its mode.
     */
    public static PosixAcl acl(byte[] path, boolean defaultAcl) throws IOException {
        byte[] value = getxattr(Libc.cstr(path), (defaultAcl ? "system.posix_acl_default" : "system.posix_acl_access")
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
