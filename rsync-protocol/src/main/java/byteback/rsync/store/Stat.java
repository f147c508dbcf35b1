package byteback.rsync.store;

import byteback.rsync.protocol.FileMode;

import static byteback.rsync.store.Native.C;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** What statx(2) says about an entry on disc (without following symlinks). */
record Stat(int mode, int uid, int gid, long links, long inode, long size, long mtimeSeconds, int mtimeNanos,
        int rdevMajor, int rdevMinor, long device, long ctimeSeconds, int ctimeNanos) {

    int type() {
        return mode & FileMode.S_IFMT;
    }

    boolean isRegular() {
        return type() == FileMode.S_IFREG;
    }

    boolean isDirectory() {
        return type() == FileMode.S_IFDIR;
    }

    /** statx of {@code name} in {@code dirfd}, not following a symlink; null when there is none. */
    static Stat at(int dirfd, byte[] cname, String what) throws IOException {
        byte[] buf = new byte[256];
        if (C.statx(dirfd, cname, Native.AT_SYMLINK_NOFOLLOW, Native.STATX_BASIC_STATS, buf) < 0) {
            int e = Native.errno();
            if (e == Native.ENOENT || e == Native.ENOTDIR) return null;
            throw Native.error(e, "statx", what);
        }
        return decode(buf);
    }

    /** statx of an open descriptor. */
    static Stat of(int fd, String what) throws IOException {
        byte[] buf = new byte[256];
        Native.check(C.statx(fd, Native.EMPTY, Native.AT_EMPTY_PATH | Native.AT_SYMLINK_NOFOLLOW,
                Native.STATX_BASIC_STATS, buf), "statx", what);
        return decode(buf);
    }

    // struct statx (linux/stat.h): the same layout on every architecture
    private static Stat decode(byte[] raw) {
        ByteBuffer b = ByteBuffer.wrap(raw).order(ByteOrder.nativeOrder());
        long device = ((long) b.getInt(136) << 32) | (b.getInt(140) & 0xffffffffL);
        return new Stat(b.getShort(28) & 0xffff, b.getInt(20), b.getInt(24), b.getInt(16) & 0xffffffffL,
                b.getLong(32), b.getLong(40), b.getLong(112), b.getInt(120), b.getInt(128), b.getInt(132), device,
                b.getLong(96), b.getInt(104));
    }
}
