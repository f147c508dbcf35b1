package byteback.rsync.flist;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * rsync's file-list order (protocol 29 and later): names compare like the joined byte strings,
 * except that a directory compares as if it had a trailing '/', a non-directory sorts before any
 * directory at the same depth, and a directory named "." sorts before everything else in its
 * directory. The sender sorts with the same rules and the same merge sort, so the indices agree.
 */
final class FileNameOrder {
    private FileNameOrder() {}

    private static final byte[] EMPTY = new byte[0];
    private static final byte[] SLASH = {'/'};

    private static final int S_DIR = 0;
    private static final int S_SLASH = 1;
    private static final int S_BASE = 2;
    private static final int S_TRAILING = 3;
    private static final boolean T_PATH = true;
    private static final boolean T_ITEM = false;

    static final Comparator<FileEntry> ORDER = FileNameOrder::compare;

    /** One side's position in the comparison walk. */
    private static final class Cursor {
        final FileEntry f;
        byte[] s;
        int i;
        int end;
        int state;
        boolean type;

        Cursor(FileEntry f, boolean sameDir) {
            this.f = f;
            if (f.dirname == null || sameDir) {
                enterBase();
            } else {
                s = f.dirname;
                end = s.length;
                type = T_PATH;
                state = S_DIR;
            }
        }

        void enterBase() {
            type = f.isDirectory() ? T_PATH : T_ITEM;
            s = f.baseArray();
            i = f.baseOffset();
            end = i + f.baseLength();
            if (type == T_PATH && f.baseIsDot()) {
                type = T_ITEM;
                state = S_TRAILING;
                s = EMPTY;
                i = 0;
                end = 0;
            } else {
                state = S_BASE;
            }
        }

        boolean atEnd() {
            return i >= end;
        }

        int cur() {
            return i < end ? s[i] & 0xff : 0;
        }
    }

    /** rsync: flist.c f_name_cmp (protocol 29+), over dirname/basename as received. */
    static int compare(FileEntry f1, FileEntry f2) {
        // rsync compares pointers: entries sharing one dirname compare by basename alone
        boolean sameDir = f1.dirname == f2.dirname;
        if (sameDir) {
            int quick = compareInOneDirectory(f1, f2);
            if (quick != NO_SHORTCUT) {
                return quick;
            }
        }
        Cursor c1 = new Cursor(f1, sameDir);
        Cursor c2 = new Cursor(f2, sameDir);
        if (c1.type != c2.type) {
            return c1.type == T_PATH ? 1 : -1;
        }
        int dif;
        do {
            if (c1.atEnd()) {
                switch (c1.state) {
                    case S_DIR -> {
                        c1.state = S_SLASH;
                        c1.s = SLASH;
                        c1.i = 0;
                        c1.end = 1;
                    }
                    case S_SLASH -> c1.enterBase();
                    case S_BASE -> {
                        c1.state = S_TRAILING;
                        if (c1.type == T_PATH) {
                            c1.s = SLASH;
                            c1.i = 0;
                            c1.end = 1;
                        } else {
                            c1.type = T_ITEM;
                        }
                    }
                    default -> c1.type = T_ITEM;
                }
                if (!c2.atEnd() && c1.type != c2.type) {
                    return c1.type == T_PATH ? 1 : -1;
                }
            }
            if (c2.atEnd()) {
                switch (c2.state) {
                    case S_DIR -> {
                        c2.state = S_SLASH;
                        c2.s = SLASH;
                        c2.i = 0;
                        c2.end = 1;
                    }
                    case S_SLASH -> c2.enterBase();
                    case S_BASE -> {
                        c2.state = S_TRAILING;
                        if (c2.type == T_PATH) {
                            c2.s = SLASH;
                            c2.i = 0;
                            c2.end = 1;
                        } else {
                            c2.type = T_ITEM;
                        }
                    }
                    default -> {
                        if (c1.atEnd()) {
                            return 0;
                        }
                        c2.type = T_ITEM;
                    }
                }
                if (c1.type != c2.type) {
                    return c1.type == T_PATH ? 1 : -1;
                }
            }
            dif = c1.cur() - c2.cur();
            c1.i++;
            c2.i++;
        } while (dif == 0);
        return dif;
    }

    private static final int NO_SHORTCUT = Integer.MIN_VALUE;

    /**
     * The common case of {@link #compare} — two entries of one directory, neither of them "." —
     * without the state machine: non-directories first, then bytewise, a directory's name
     * continuing with '/'.
     */
    private static int compareInOneDirectory(FileEntry f1, FileEntry f2) {
        boolean d1 = f1.isDirectory();
        boolean d2 = f2.isDirectory();
        if ((d1 && f1.baseIsDot()) || (d2 && f2.baseIsDot())) {
            return NO_SHORTCUT;
        }
        if (d1 != d2) {
            return d1 ? 1 : -1;
        }
        byte[] b1 = f1.baseArray();
        byte[] b2 = f2.baseArray();
        int o1 = f1.baseOffset();
        int o2 = f2.baseOffset();
        int l1 = f1.baseLength();
        int l2 = f2.baseLength();
        int n = Math.min(l1, l2);
        int i = Arrays.mismatch(b1, o1, o1 + n, b2, o2, o2 + n);
        if (i >= 0) {
            return (b1[o1 + i] & 0xff) - (b2[o2 + i] & 0xff);
        }
        if (l1 == l2) {
            return 0;
        }
        int end = d1 ? '/' : 0;
        return l1 < l2 ? end - (b2[o2 + n] & 0xff) : (b1[o1 + n] & 0xff) - end;
    }

    /**
     * rsync: flist.c fsort / fsort_tmp — the same top-down merge sort, so that even for names that
     * compare inconsistently the result is the order the sender computed.
     */
    static void sort(List<FileEntry> list) {
        FileEntry[] a = list.toArray(new FileEntry[0]);
        if (a.length > 1) {
            sort(a, 0, a.length, new FileEntry[(a.length + 1) / 2]);
        }
        for (int i = 0; i < a.length; i++) {
            list.set(i, a[i]);
        }
    }

    /**
     * The same sort over rows of a compact list: {@code rows} (row numbers) end up in protocol
     * order. Two reusable entries stand for the rows being compared.
     */
    static void sortRows(int[] rows, EntryColumns columns) {
        if (rows.length > 1) {
            new RowSorter(columns).sort(rows, 0, rows.length, new int[(rows.length + 1) / 2]);
        }
    }

    /** fsort over row numbers. */
    private static final class RowSorter {
        private final EntryColumns columns;
        private final FileEntry a = new FileEntry();
        private final FileEntry b = new FileEntry();

        RowSorter(EntryColumns columns) {
            this.columns = columns;
        }

        int compare(int r1, int r2) {
            return FileNameOrder.compare(columns.loadName(r1, a), columns.loadName(r2, b));
        }

        void sort(int[] x, int from, int num, int[] tmp) {
            int n1 = num / 2;
            int n2 = num - n1;
            int f1 = from;
            int f2 = from + n1;
            if (n1 > 1) {
                sort(x, f1, n1, tmp);
            }
            if (n2 > 1) {
                sort(x, f2, n2, tmp);
            }
            while (compare(x[f1], x[f2]) <= 0) {
                if (--n1 == 0) {
                    return;
                }
                f1++;
            }
            System.arraycopy(x, f1, tmp, 0, n1);
            int t = 0;
            x[f1++] = x[f2++];
            n2--;
            while (n1 > 0 && n2 > 0) {
                if (compare(tmp[t], x[f2]) <= 0) {
                    x[f1++] = tmp[t++];
                    n1--;
                } else {
                    x[f1++] = x[f2++];
                    n2--;
                }
            }
            if (n1 > 0) {
                System.arraycopy(tmp, t, x, f1, n1);
            }
        }
    }

    private static void sort(FileEntry[] a, int from, int num, FileEntry[] tmp) {
        int n1 = num / 2;
        int n2 = num - n1;
        int f1 = from;
        int f2 = from + n1;
        if (n1 > 1) {
            sort(a, f1, n1, tmp);
        }
        if (n2 > 1) {
            sort(a, f2, n2, tmp);
        }
        while (compare(a[f1], a[f2]) <= 0) {
            if (--n1 == 0) {
                return;
            }
            f1++;
        }
        System.arraycopy(a, f1, tmp, 0, n1);
        int t = 0;
        a[f1++] = a[f2++];
        n2--;
        while (n1 > 0 && n2 > 0) {
            if (compare(tmp[t], a[f2]) <= 0) {
                a[f1++] = tmp[t++];
                n1--;
            } else {
                a[f1++] = a[f2++];
                n2--;
            }
        }
        if (n1 > 0) {
            System.arraycopy(tmp, t, a, f1, n1);
        }
    }
}
