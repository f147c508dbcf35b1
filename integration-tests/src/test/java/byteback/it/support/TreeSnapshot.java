package byteback.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * What a directory tree holds, entry by entry, as it is on disc: type, content (sha-256, or a
 * symlink's target), mode (type and all permission bits), uid, gid, mtime in nanoseconds, every
 * xattr (read with {@code getfattr -d -m- -e hex}, so every namespace), and hard-link groups.
 * Never follows symlinks. Two snapshots compare equal when the trees are the same; {@link #diff}
 * says how they differ, one line per difference.
 */
public final class TreeSnapshot {
    /** One entry; {@code path} is relative to the root ("." for the root itself). */
    public record Entry(String path, char type, String content, int mode, int uid, int gid, long mtimeNanos,
            SortedMap<String, String> xattrs) {
        String describe() {
            return type + " mode=" + Integer.toOctalString(mode) + " uid=" + uid + " gid=" + gid + " mtime="
                    + mtimeNanos + " content=" + content + " xattrs=" + xattrs;
        }
    }

    private final SortedMap<String, Entry> entries;
    private final Set<Set<String>> hardLinkGroups;

    private TreeSnapshot(SortedMap<String, Entry> entries, Set<Set<String>> hardLinkGroups) {
        this.entries = entries;
        this.hardLinkGroups = hardLinkGroups;
    }

    public SortedMap<String, Entry> entries() {
        return entries;
    }

    public Set<Set<String>> hardLinkGroups() {
        return hardLinkGroups;
    }

    /** Takes a snapshot of {@code root}; the root is the entry ".". */
    public static TreeSnapshot of(Path root) throws IOException {
        Map<String, SortedMap<String, String>> xattrs = readXattrs(root);
        SortedMap<String, Entry> entries = new TreeMap<>();
        Map<String, Set<String>> inodes = new TreeMap<>();
        List<Path> paths;
        try (Stream<Path> s = Files.walk(root)) {
            paths = s.toList();
        }
        for (Path p : paths) {
            String rel = root.relativize(p).toString();
            if (rel.isEmpty()) {
                rel = ".";
            }
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,ino,dev,nlink,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            char type;
            String content;
            if (Files.isSymbolicLink(p)) {
                type = 'l';
                content = Files.readSymbolicLink(p).toString();
            } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                type = 'd';
                content = "";
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                type = 'f';
                content = sha256(p);
            } else {
                type = 'o';
                content = "";
            }
            long mtime = ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.NANOSECONDS);
            entries.put(rel, new Entry(rel, type, content, mode, (Integer) a.get("uid"), (Integer) a.get("gid"), mtime,
                    xattrs.getOrDefault(p.toAbsolutePath().toString(), new TreeMap<>())));
            if (type != 'd' && ((Integer) a.get("nlink")) > 1) {
                inodes.computeIfAbsent(a.get("dev") + ":" + a.get("ino"), k -> new TreeSet<>()).add(rel);
            }
        }
        Set<Set<String>> groups = new TreeSet<>((x, y) -> x.toString().compareTo(y.toString()));
        for (Set<String> g : inodes.values()) {
            if (g.size() > 1) {
                groups.add(g);
            }
        }
        return new TreeSnapshot(entries, groups);
    }

    /** This snapshot with {@code entry} in place of the entry of the same path. */
    public TreeSnapshot withEntry(Entry entry) {
        SortedMap<String, Entry> copy = new TreeMap<>(entries);
        copy.put(entry.path(), entry);
        return new TreeSnapshot(copy, hardLinkGroups);
    }

    /** Every difference between this (expected) and {@code actual}, one per line; empty when equal. */
    public String diff(TreeSnapshot actual) {
        StringBuilder sb = new StringBuilder();
        Set<String> all = new TreeSet<>(entries.keySet());
        all.addAll(actual.entries.keySet());
        for (String p : all) {
            Entry e = entries.get(p);
            Entry a = actual.entries.get(p);
            if (e == null) {
                sb.append("unexpected ").append(p).append(": ").append(a.describe()).append('\n');
            } else if (a == null) {
                sb.append("missing ").append(p).append(": ").append(e.describe()).append('\n');
            } else if (!e.equals(a)) {
                sb.append("differs ").append(p).append(":\n  expected ").append(e.describe())
                        .append("\n  actual   ").append(a.describe()).append('\n');
            }
        }
        if (!hardLinkGroups.equals(actual.hardLinkGroups)) {
            sb.append("hard links differ: expected ").append(hardLinkGroups).append(", actual ")
                    .append(actual.hardLinkGroups).append('\n');
        }
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeSnapshot t && entries.equals(t.entries) && hardLinkGroups.equals(t.hardLinkGroups);
    }

    @Override
    public int hashCode() {
        return Objects.hash(entries, hardLinkGroups);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        entries.values().forEach(e -> sb.append(e.path()).append(": ").append(e.describe()).append('\n'));
        return sb.append("hard links: ").append(hardLinkGroups).toString();
    }

    private static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p, LinkOption.NOFOLLOW_LINKS)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Every xattr under {@code root} (names to hex values), by path relative to it ("." for root itself);
     * entries without xattrs are left out, as getfattr leaves them out.
     */
    public static SortedMap<String, SortedMap<String, String>> xattrsUnder(Path root) throws IOException {
        Path abs = root.toAbsolutePath();
        SortedMap<String, SortedMap<String, String>> byPath = new TreeMap<>();
        readXattrs(abs).forEach((path, names) -> {
            String rel = abs.relativize(Path.of(path)).toString();
            byPath.put(rel.isEmpty() ? "." : rel, names);
        });
        return byPath;
    }

    /** All xattrs under {@code root}, by absolute path, from one getfattr run (a symlink's own, -h, not its target's). */
    static Map<String, SortedMap<String, String>> readXattrs(Path root) throws IOException {
        Process p = new ProcessBuilder("getfattr", "-R", "-P", "-h", "-d", "-m", "-", "-e", "hex", "--absolute-names",
                root.toAbsolutePath().toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        try {
            p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        Map<String, SortedMap<String, String>> result = new TreeMap<>();
        SortedMap<String, String> current = null;
        for (String line : new String(out, StandardCharsets.ISO_8859_1).split("\n")) {
            if (line.startsWith("# file: ")) {
                String name = unescape(line.substring(8));
                current = new TreeMap<>();
                result.put(name, current);
            } else if (current != null && !line.isEmpty() && !line.startsWith("#")) {
                int eq = line.indexOf('=');
                if (eq < 0) {
                    current.put(unescape(line), "");
                } else {
                    current.put(unescape(line.substring(0, eq)), line.substring(eq + 1));
                }
            }
        }
        return result;
    }

    /** getfattr writes bytes it cannot print as backslash and three octal digits. */
    static String unescape(String s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length() + 0 && i + 3 <= s.length() - 1 + 1 && isOctal(s, i + 1)) {
                b.write(Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else if (c == '\\' && i + 1 < s.length() && s.charAt(i + 1) == '\\') {
                b.write('\\');
                i++;
            } else {
                b.write(c);
            }
        }
        return new String(b.toByteArray(), StandardCharsets.UTF_8);
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
