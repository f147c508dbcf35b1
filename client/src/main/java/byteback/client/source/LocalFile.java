package byteback.client.source;

import java.nio.charset.StandardCharsets;

/**
 * One file of the machine being backed up, as lstat(2) shows it (a symlink is not followed), with
 * its name as raw bytes (Linux names need not be UTF-8).
 *
 * @param path       the absolute path, '/'-separated bytes
 * @param linkTarget the symlink's target as raw bytes, null for other types
 */
public record LocalFile(byte[] path, int mode, int uid, int gid, long size, long mtimeSeconds, int mtimeNanos,
        int rdevMajor, int rdevMinor, long devMajor, long devMinor, long inode, int nlink, byte[] linkTarget) {
    public static final int S_IFMT = 0170000;
    public static final int S_IFDIR = 0040000;
    public static final int S_IFREG = 0100000;
    public static final int S_IFLNK = 0120000;

    public int type() {
        return mode & S_IFMT;
    }

    public boolean isDirectory() {
        return type() == S_IFDIR;
    }

    public boolean isRegular() {
        return type() == S_IFREG;
    }

    public boolean isSymlink() {
        return type() == S_IFLNK;
    }

    /** For messages only (lossy for names that are not UTF-8). */
    public String displayPath() {
        return new String(path, StandardCharsets.UTF_8);
    }
}
