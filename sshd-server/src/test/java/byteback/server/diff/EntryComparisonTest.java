package byteback.server.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import byteback.rsync.store.StoredEntry;
import byteback.rsync.store.StoredEntry.DiskType;
import byteback.rsync.store.Xattr;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class EntryComparisonTest {
    private static final Instant T = Instant.parse("2026-11-26T21:30:00Z");

    private static StoredEntry file(int mode, int uid, int gid, long size, Instant mtime, List<Xattr> xattrs) {
        return new StoredEntry(DiskType.REGULAR, mode, uid, gid, 0, 0, size, mtime, 1, 2, 1, null, true, xattrs);
    }

    private static StoredEntry link(String target) {
        byte[] t = target.getBytes(StandardCharsets.UTF_8);
        return new StoredEntry(DiskType.REGULAR, 0120777, 0, 0, 0, 0, t.length, T, 1, 2, 1, t, true, List.of());
    }

    private static String describe(StoredEntry a, StoredEntry b, boolean sameContent) {
        return DiffFormat.aspects(EntryComparison.compare(a, b, sameContent));
    }

    @Test
    void sameEntriesHaveNoChanges() {
        assertEquals("", describe(file(0100644, 0, 0, 5, T, List.of()), file(0100644, 0, 0, 5, T, List.of()), true));
    }

    @Test
    void reportsEachAspect() {
        StoredEntry a = file(0100644, 0, 0, 5, T, List.of(Xattr.of("user.a", new byte[] {1}), Xattr.of("user.b", new byte[] {1}),
                Xattr.of("user.c", new byte[] {1})));
        StoredEntry b = file(0104755, 1000, 100, 7, T.plusSeconds(1), List.of(Xattr.of("user.b", new byte[] {2}),
                Xattr.of("user.c", new byte[] {1}), Xattr.of("trusted.d", new byte[] {1})));
        assertEquals("content 5 B -> 7 B, mode -rw-r--r-- -> -rwsr-xr-x, owner 0:0 -> 1000:100,"
                + " xattrs +trusted.d -user.a ~user.b, mtime 2026-11-26 21:30:00 -> 2026-11-26 21:30:01", describe(a, b, false));
    }

    @Test
    void typeChangeAndSymlinkTarget() {
        assertEquals("type file -> symlink, mode -rw-r--r-- -> lrwxrwxrwx",
                describe(file(0100644, 0, 0, 3, T, List.of()), link("abc"), false));
        assertEquals("target abc -> ab\\012cd", describe(link("abc"), link("ab\ncd"), true));
    }

    @Test
    void directoryMtimeIsNotAChange() {
        StoredEntry d1 = new StoredEntry(DiskType.DIRECTORY, 040755, 0, 0, 0, 0, 10, T, 1, 2, 1, null, false, List.of());
        StoredEntry d2 = new StoredEntry(DiskType.DIRECTORY, 040755, 0, 0, 0, 0, 20, T.plusSeconds(9), 1, 2, 1, null, false, List.of());
        assertEquals("", describe(d1, d2, true));
    }

    @Test
    void formatsLinesAndNames() {
        byte[] odd = {'a', ' ', 'b', '\\', (byte) 0xff, '\t', (byte) 0xc3, (byte) 0xa9};
        assertEquals("a b\\\\\\377\\011é", DiffFormat.printable(odd));
        assertEquals("added    file            12 B  x/y", DiffFormat.line(new Change("x/y".getBytes(StandardCharsets.UTF_8),
                Change.Kind.ADDED, EntryType.FILE, 12, List.of())));
        assertEquals("removed  dir                   x", DiffFormat.line(new Change("x".getBytes(StandardCharsets.UTF_8),
                Change.Kind.REMOVED, EntryType.DIRECTORY, 0, List.of())));
        assertEquals("drwxrwxrwt", DiffFormat.modeString(041777));
        assertEquals("crw-rw-rwT", DiffFormat.modeString(021666));
    }
}
