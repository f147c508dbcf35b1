package byteback.btrfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The mounts from /proc/self/mountinfo, to tell which mount options apply to a path. */
final class MountTable {

    /** One mount: where it is, its filesystem type and its per-mount plus superblock options. */
    record Mount(String mountPoint, String fsType, List<String> options) {
        boolean has(String option) {
            return options.contains(option);
        }
    }

    private final List<Mount> mounts;

    MountTable(List<Mount> mounts) {
        this.mounts = List.copyOf(mounts);
    }

    static MountTable current() throws IOException {
        return parse(Files.readAllLines(Path.of("/proc/self/mountinfo")));
    }

    /**
     * Parses mountinfo lines: "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTS".
     * Lines that do not fit are ignored.
     */
    static MountTable parse(List<String> lines) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.trim().split(" ");
            int dash = -1;
            for (int i = 6; i < f.length; i++) {
                if (f[i].equals("-")) {
                    dash = i;
                    break;
                }
            }
            if (f.length < 7 || dash < 0 || dash + 3 > f.length) {
                continue;
            }
            List<String> options = new ArrayList<>(List.of(f[5].split(",")));
            if (dash + 3 < f.length) {
                options.addAll(List.of(f[dash + 3].split(",")));
            }
            mounts.add(new Mount(unescape(f[4]), f[dash + 1], options));
        }
        return new MountTable(mounts);
    }

    /** The mount that holds an absolute, symlink-free path: the last-mounted one with the longest matching mount point. */
    Optional<Mount> mountOf(String realPath) {
        Mount best = null;
        for (Mount m : mounts) {
            if (contains(m.mountPoint(), realPath)
                    && (best == null || m.mountPoint().length() >= best.mountPoint().length())) {
                best = m;
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean contains(String mountPoint, String path) {
        if (mountPoint.equals("/")) {
            return path.startsWith("/");
        }
        return path.equals(mountPoint) || path.startsWith(mountPoint + "/");
    }

    /** mountinfo writes space, tab, newline and backslash as \ooo octal escapes. */
    static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1)) {
                out.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
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
