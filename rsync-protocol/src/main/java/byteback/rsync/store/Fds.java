package byteback.rsync.store;

import static byteback.rsync.store.Native.C;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.ThreadLocalRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** Small operations on descriptors shared by the store's classes: xattrs, directory listing, temp names, deletion. */
final class Fds {
    private Fds() {}

    private static final AtomicLong GENERATION = new AtomicLong();

    /** Counts the directories removed so far: cached directory descriptors older than this are stale. */
    static long generation() {
        return GENERATION.get();
    }
    private static final byte[] TEMP_CHARS =
            FakeSuper.ascii("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789");
    /** rsync: TMPNAME_SUFFIX_LEN, the ".XXXXXX". */
    private static final int SUFFIX_LEN = 7;

    /** The value of xattr {@code name} on {@code fd}, or null when it has none. */
    static byte[] getXattr(int fd, byte[] name, String what) throws IOException {
        byte[] cname = Native.cstr(name);
        byte[] buf = new byte[256];
        while (true) {
            long n = C.fgetxattr(fd, cname, buf, buf.length);
            if (n >= 0) return Arrays.copyOf(buf, (int) n);
            int e = Native.errno();
            if (e == Native.ENODATA || e == Native.EOPNOTSUPP) return null;
            if (e != Native.ERANGE) throw Native.error(e, "fgetxattr " + FakeSuper.printable(name), what);
            long size = C.fgetxattr(fd, cname, null, 0);
            if (size < 0) throw Native.error(Native.errno(), "fgetxattr " + FakeSuper.printable(name), what);
            buf = new byte[(int) Math.min(size + 256, 1 << 20)];
        }
    }

    static void setXattr(int fd, byte[] name, byte[] value, String what) throws IOException {
        if (C.fsetxattr(fd, Native.cstr(name), value, value.length, 0) < 0) {
            throw Native.error(Native.errno(), "fsetxattr " + FakeSuper.printable(name), what);
        }
    }

    /** Removes xattr {@code name}; false when there was none. */
    static boolean removeXattr(int fd, byte[] name, String what) throws IOException {
        if (C.fremovexattr(fd, Native.cstr(name)) == 0) return true;
        int e = Native.errno();
        if (e == Native.ENODATA) return false;
        throw Native.error(e, "fremovexattr " + FakeSuper.printable(name), what);
    }

    /** The xattr names on {@code fd} (all namespaces the caller may see). */
    static List<byte[]> listXattrs(int fd, String what) throws IOException {
        byte[] buf = new byte[1024];
        long n;
        while (true) {
            n = C.flistxattr(fd, buf, buf.length);
            if (n >= 0) break;
            int e = Native.errno();
            if (e == Native.EOPNOTSUPP) return List.of();
            if (e != Native.ERANGE) throw Native.error(e, "flistxattr", what);
            long size = C.flistxattr(fd, null, 0);
            if (size < 0) throw Native.error(Native.errno(), "flistxattr", what);
            buf = new byte[(int) size + 1024];
        }
        List<byte[]> names = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (buf[i] == 0) {
                if (i > start) names.add(Arrays.copyOfRange(buf, start, i));
                start = i + 1;
            }
        }
        return names;
    }

    private static final ThreadLocal<byte[]> DIRENT_BUFFER = ThreadLocal.withInitial(() -> new byte[32768]);

    /** The names in the directory open as {@code dirfd} (rsync: readdir), without . and ... */
    static List<byte[]> listDirectory(int dirfd, String what) throws IOException {
        // getdents64 reads from the descriptor's offset: use a descriptor of our own
        int fd = C.openat(dirfd, FakeSuper.ascii(".\0"), Native.O_RDONLY | Native.O_DIRECTORY | Native.O_CLOEXEC, 0);
        if (fd < 0) throw Native.error(Native.errno(), "openat", what);
        try {
            List<byte[]> names = new ArrayList<>();
            byte[] buf = DIRENT_BUFFER.get();
            ByteBuffer b = ByteBuffer.wrap(buf).order(ByteOrder.nativeOrder());
            while (true) {
                long n = C.getdents64(fd, buf, buf.length);
                if (n < 0) throw Native.error(Native.errno(), "getdents64", what);
                if (n == 0) return names;
                int p = 0;
                while (p < n) {
                    int reclen = b.getShort(p + 16) & 0xffff;
                    int nameStart = p + 19, end = nameStart;
                    while (end < p + reclen && buf[end] != 0) end++;
                    int len = end - nameStart;
                    boolean dot = (len == 1 && buf[nameStart] == '.')
                            || (len == 2 && buf[nameStart] == '.' && buf[nameStart + 1] == '.');
                    if (!dot) names.add(Arrays.copyOfRange(buf, nameStart, end));
                    p += reclen;
                }
            }
        } finally {
            C.close(fd);
        }
    }

    /**
     * Deletes {@code name} in {@code dirfd}, a directory with all its contents, never following a
     * symlink (rsync: delete.c delete_item). False when there was nothing to delete.
     */
    static boolean deleteEntry(int dirfd, byte[] name, String what) throws IOException {
        byte[] cname = Native.cstr(name);
        if (C.unlinkat(dirfd, cname, 0) == 0) return true;
        int e = Native.errno();
        if (e == Native.ENOENT) return false;
        if (e != Native.EISDIR && e != Native.EPERM) throw Native.error(e, "unlinkat", what);
        int fd = C.openat(dirfd, cname, Native.O_RDONLY | Native.O_DIRECTORY | Native.O_NOFOLLOW | Native.O_CLOEXEC, 0);
        if (fd < 0) {
            int e2 = Native.errno();
            if (e2 == Native.ENOENT) return false;
            throw Native.error(e == Native.EPERM ? e : e2, "unlinkat", what);
        }
        try {
            for (byte[] child : listDirectory(fd, what)) deleteEntry(fd, child, what + "/" + FakeSuper.printable(child));
        } finally {
            C.close(fd);
        }
        GENERATION.incrementAndGet(); // before, so no thread caches the directory while it goes
        if (C.unlinkat(dirfd, cname, Native.AT_REMOVEDIR) < 0) {
            int e3 = Native.errno();
            if (e3 == Native.ENOENT) return false;
            throw Native.error(e3, "unlinkat", what);
        }
        GENERATION.incrementAndGet();
        return true;
    }

    /**
     * A temp name for {@code name} as rsync makes it (rsync: receiver.c get_tmpname):
     * {@code .<name>.XXXXXX}, the name cut to fit NAME_MAX, without a doubled leading dot.
     */
    static byte[] tempName(byte[] name) {
        int from = name.length > 0 && name[0] == '.' ? 1 : 0;
        int max = StorePath.MAX_NAME - 1 - SUFFIX_LEN;
        int len = Math.min(name.length - from, max);
        if (len < name.length - from && (name[from + len] & 0x80) != 0) {
            while (len > 0 && (name[from + len - 1] & 0x80) != 0) len--; // don't cut into a UTF-8 sequence
        }
        if (len > 0 && name[from + len - 1] == '.') len--;
        byte[] t = new byte[1 + len + SUFFIX_LEN];
        t[0] = '.';
        System.arraycopy(name, from, t, 1, len);
        t[1 + len] = '.';
        // uniqueness comes from O_EXCL; a client cannot create names in the store besides ours
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 2 + len; i < t.length; i++) t[i] = TEMP_CHARS[random.nextInt(TEMP_CHARS.length)];
        return t;
    }

    /** Creates a new empty file at a fresh temp name beside {@code name}, returns {fd, name}. */
    static TempFile createTemp(int dirfd, byte[] name, String what) throws IOException {
        for (int attempt = 0; ; attempt++) {
            byte[] tmp = tempName(name);
            int fd = C.openat(dirfd, Native.cstr(tmp), Native.O_RDWR | Native.O_CREAT | Native.O_EXCL
                    | Native.O_NOFOLLOW | Native.O_CLOEXEC, 0600);
            if (fd >= 0) return new TempFile(fd, tmp);
            int e = Native.errno();
            if (e != Native.EEXIST || attempt > 100) throw Native.error(e, "openat(temp file)", what);
        }
    }

    record TempFile(int fd, byte[] name) {}

    /**
     * Renames {@code from} over {@code to} in {@code dirfd}; a directory at {@code to} is deleted
     * first (rsync deletes a directory that a file replaces).
     */
    static void renameOver(int dirfd, byte[] from, byte[] to, String what) throws IOException {
        byte[] cfrom = Native.cstr(from), cto = Native.cstr(to);
        for (int attempt = 0; ; attempt++) {
            if (C.renameat(dirfd, cfrom, dirfd, cto) == 0) return;
            int e = Native.errno();
            if ((e == Native.EISDIR || e == Native.ENOTEMPTY || e == Native.EEXIST) && attempt < 3) {
                deleteEntry(dirfd, to, what);
                continue;
            }
            throw Native.error(e, "renameat", what);
        }
    }

    static String printable(byte[] name) {
        return FakeSuper.printable(name);
    }
}
