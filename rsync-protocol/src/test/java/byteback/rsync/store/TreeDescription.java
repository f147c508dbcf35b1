package byteback.rsync.store;

import byteback.rsync.protocol.FileMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * A tree as independent tools see it, for comparing two stored trees: per entry the type, on-disc
 * mode, owner, size, content digest, mtime and every xattr ({@code getfattr -d -m- -e hex}), and the
 * hard-link groups.
 */
final class TreeDescription {
    private TreeDescription() {}

    /** Relative path ("." for the root) to a one-line description of the entry. */
    static Map<String, String> describe(Path root) throws Exception {
        Map<String, String> out = new TreeMap<>();
        Map<Long, TreeSet<String>> inodes = new TreeMap<>();
        List<Path> all = new ArrayList<>();
        try (Stream<Path> s = Files.walk(root)) {
            s.forEach(all::add);
        }
        Map<String, List<String>> xattrs = AttrTools.xattrs(root);
        for (Path p : all) {
            String rel = root.relativize(p).toString();
            if (rel.isEmpty()) rel = ".";
            Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,ino,nlink,lastModifiedTime",
                    LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) a.get("mode");
            StringBuilder sb = new StringBuilder();
            sb.append("mode=").append(Integer.toOctalString(mode));
            sb.append(" owner=").append(a.get("uid")).append(':').append(a.get("gid"));
            sb.append(" mtime=").append(((FileTime) a.get("lastModifiedTime")).toInstant());
            if (FileMode.isRegular(mode)) {
                sb.append(" size=").append(a.get("size"));
                sb.append(" sha256=").append(HexFormat.of().formatHex(
                        MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p))));
                if ((Integer) a.get("nlink") > 1) inodes.computeIfAbsent((Long) a.get("ino"), k -> new TreeSet<>()).add(rel);
            }
            sb.append(" xattrs=").append(xattrs.getOrDefault(rel, List.of()));
            out.put(rel, sb.toString());
        }
        TreeSet<String> groups = new TreeSet<>();
        for (TreeSet<String> group : inodes.values()) groups.add(String.join(" = ", group));
        int g = 0;
        for (String group : groups) out.put("#hardlinks" + g++, group);
        return out;
    }

    /** Every xattr of {@code p} (not following a symlink), sorted, as getfattr prints them in hex. */
    static List<String> xattrs(Path p) throws IOException, InterruptedException {
        String o = Shell.run("getfattr", "-h", "-d", "-m", "-", "-e", "hex", "--absolute-names", "--", p.toString());
        List<String> attrs = new ArrayList<>();
        for (String line : o.split("\n")) {
            if (line.isEmpty() || line.startsWith("# file:")) continue;
            attrs.add(line);
        }
        attrs.sort(null);
        return attrs;
    }
}
