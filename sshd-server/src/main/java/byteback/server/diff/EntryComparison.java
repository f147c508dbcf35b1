package byteback.server.diff;

import byteback.rsync.store.StoredEntry;
import byteback.rsync.store.Xattr;
import byteback.server.diff.Change.Aspect;
import byteback.server.diff.Change.What;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What differs between two stored copies of one path, as the client sees them (modes, owners and
 * types from {@code user.rsync.%stat}). Pure: whether a regular file's content is the same is decided
 * by the caller, who may know it without reading (same inode, unchanged since), and passed in.
 */
public final class EntryComparison {
    private EntryComparison() {}

    /**
     * The aspects that differ, in {@link What} order; empty when the entries are the same. A
     * directory's mtime is not compared (it moves whenever its entries change, which the diff
     * reports as added and removed paths).
     *
     * @param sameContent for two regular files of the same type: whether their bytes are equal
     */
    public static List<Aspect> compare(StoredEntry a, StoredEntry b, boolean sameContent) {
        List<Aspect> out = new ArrayList<>();
        EntryType ta = EntryType.of(a.mode()), tb = EntryType.of(b.mode());
        if (ta != tb) {
            out.add(new Aspect(What.TYPE, ta.word(), tb.word()));
        } else if (ta == EntryType.FILE && !sameContent) {
            out.add(new Aspect(What.CONTENT, a.size() + " B", b.size() + " B"));
        } else if (ta == EntryType.SYMLINK && !Arrays.equals(a.symlinkTarget(), b.symlinkTarget())) {
            out.add(new Aspect(What.TARGET, DiffFormat.printable(a.symlinkTarget()), DiffFormat.printable(b.symlinkTarget())));
        } else if ((ta == EntryType.CHAR_DEVICE || ta == EntryType.BLOCK_DEVICE)
                && (a.rdevMajor() != b.rdevMajor() || a.rdevMinor() != b.rdevMinor())) {
            out.add(new Aspect(What.DEVICE, a.rdevMajor() + "," + a.rdevMinor(), b.rdevMajor() + "," + b.rdevMinor()));
        }
        if ((a.mode() & 07777) != (b.mode() & 07777)) {
            out.add(new Aspect(What.MODE, DiffFormat.modeString(a.mode()), DiffFormat.modeString(b.mode())));
        }
        if (a.uid() != b.uid() || a.gid() != b.gid()) {
            out.add(new Aspect(What.OWNER, owner(a), owner(b)));
        }
        String x = xattrChanges(a.xattrs(), b.xattrs());
        if (!x.isEmpty()) out.add(new Aspect(What.XATTRS, "", x));
        if (ta == tb && ta != EntryType.DIRECTORY && !a.mtime().equals(b.mtime())) {
            out.add(new Aspect(What.MTIME, DiffFormat.time(a.mtime()), DiffFormat.time(b.mtime())));
        }
        return out;
    }

    private static String owner(StoredEntry e) {
        return Integer.toUnsignedString(e.uid()) + ":" + Integer.toUnsignedString(e.gid());
    }

    /**
     * The xattrs added ({@code +name}), removed ({@code -name}) and given another value
     * ({@code ~name}), by name; "" when both sets are equal or either is unknown (null).
     */
    static String xattrChanges(List<Xattr> a, List<Xattr> b) {
        if (a == null || b == null) return "";
        Map<String, byte[]> before = byName(a), after = byName(b);
        StringBuilder sb = new StringBuilder();
        TreeMap<String, Character> all = new TreeMap<>();
        for (String n : before.keySet()) all.put(n, after.containsKey(n) ? '~' : '-');
        for (String n : after.keySet()) all.putIfAbsent(n, '+');
        for (Map.Entry<String, Character> e : all.entrySet()) {
            if (e.getValue() == '~' && Arrays.equals(before.get(e.getKey()), after.get(e.getKey()))) continue;
            if (sb.length() > 0) sb.append(' ');
            sb.append(e.getValue()).append(e.getKey());
        }
        return sb.toString();
    }

    private static Map<String, byte[]> byName(List<Xattr> xs) {
        Map<String, byte[]> m = new TreeMap<>();
        for (Xattr x : xs) m.put(DiffFormat.printable(x.name()), x.value());
        return m;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
