package byteback.rsync.sender;

import java.util.Comparator;

/**
 * rsync's file-list order (rsync: flist.c f_name_cmp, protocol 29+), as the client sorts what it
 * received, so that both sides give each entry the same index: path components compare as
 * unsigned bytes, a directory as if it had a trailing '/'; within a directory the files come
 * before the subdirectories; "." (the transfer's root) comes first; a directory precedes its
 * contents.
 */
final class FileOrder implements Comparator<SenderFile> {
    static final FileOrder INSTANCE = new FileOrder();

    @Override
    public int compare(SenderFile a, SenderFile b) {
        return compare(a.wireName, a.isDirectory(), b.wireName, b.isDirectory());
    }

    static int compare(byte[] a, boolean aDir, byte[] b, boolean bDir) {
        boolean aRoot = a.length == 1 && a[0] == '.';
        boolean bRoot = b.length == 1 && b[0] == '.';
        if (aRoot || bRoot) {
            return aRoot == bRoot ? 0 : aRoot ? -1 : 1;
        }
        int ia = 0;
        int ib = 0;
        while (true) {
            int ea = end(a, ia);
            int eb = end(b, ib);
            // a component is a "file" only when it is the last one of a non-directory
            boolean aFile = ea == a.length && !aDir;
            boolean bFile = eb == b.length && !bDir;
            if (aFile != bFile) {
                return aFile ? -1 : 1;
            }
            int c = compareComponent(a, ia, ea, b, ib, eb, !aFile);
            if (c != 0) {
                return c;
            }
            boolean aDone = ea == a.length;
            boolean bDone = eb == b.length;
            if (aDone || bDone) {
                return aDone == bDone ? 0 : aDone ? -1 : 1;
            }
            ia = ea + 1;
            ib = eb + 1;
        }
    }

    private static int end(byte[] s, int from) {
        int i = from;
        while (i < s.length && s[i] != '/') {
            i++;
        }
        return i;
    }

    /** Compares two components; directories compare with a trailing '/'. */
    private static int compareComponent(byte[] a, int ia, int ea, byte[] b, int ib, int eb, boolean slash) {
        int la = ea - ia;
        int lb = eb - ib;
        int n = Math.min(la, lb);
        for (int i = 0; i < n; i++) {
            int x = a[ia + i] & 0xff;
            int y = b[ib + i] & 0xff;
            if (x != y) {
                return x - y;
            }
        }
        if (la == lb) {
            return 0;
        }
        int x = la > n ? a[ia + n] & 0xff : slash ? '/' : -1;
        int y = lb > n ? b[ib + n] & 0xff : slash ? '/' : -1;
        return x != y ? x - y : la - lb;
    }
}
