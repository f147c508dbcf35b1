package byteback.client.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The excludes byteback-backup uses when none are given with --exclude, as the original computes
 * them: the mount point of every filesystem whose type is not a local disc filesystem (from
 * /proc/mounts), the common junk that exists on this machine, and /dev /proc /run /sys.
 */
public final class DefaultExcludes {
    /** Filesystem types the original treats as local (anything else is excluded). */
    public static final Set<String> PROBABLY_LOCAL = Set.of("btrfs", "ext2", "ext3", "ext4", "reiserfs", "xfs",
            "nilfs", "jfs", "reiser4", "zfs", "rootfs");
    /** Caches and temporary places common on Debian systems. */
    public static final List<String> COMMON_JUNK = List.of("/swap.file", "/tmp/", "/var/backups/localhost/",
            "/var/cache/apt/archives/", "/var/lib/php5/", "/var/tmp/", "/var/lib/mysql/");
    public static final List<String> ALWAYS = List.of("/dev", "/proc", "/run", "/sys");

    private DefaultExcludes() {}

    /**
     * @param procMounts the text of /proc/mounts
     * @param exists     whether a path exists on this machine (for the junk list)
     */
    public static List<String> compute(String procMounts, Predicate<String> exists) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : procMounts.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 3) continue;
            if (!PROBABLY_LOCAL.contains(f[2])) out.add(unescape(f[1]));
        }
        for (String j : COMMON_JUNK) {
            if (exists.test(j)) out.add(j);
        }
        out.addAll(ALWAYS);
        return normalise(new ArrayList<>(out));
    }

    /** Squeezes repeated slashes, as the original does for every exclude. */
    public static List<String> normalise(List<String> excludes) {
        List<String> out = new ArrayList<>();
        for (String e : excludes) out.add(e.replaceAll("/+", "/"));
        return out;
    }

    /** /proc/mounts writes space, tab, newline and backslash in octal (\040 ...). */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) return s;
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(String s, int from) {
        if (from + 3 > s.length()) return false;
        for (int i = from; i < from + 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '7') return false;
        }
        return true;
    }
}
