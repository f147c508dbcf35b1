package byteback.rsync.store;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a whole tree's xattrs and ACLs with one run of getfattr / getfacl each (the tests' independent
 * view), keyed by relative path ("." for the root).
 */
final class AttrTools {
    private AttrTools() {}

    /** Every entry's xattrs as getfattr prints them in hex, sorted; entries without any are absent. */
    static Map<String, List<String>> xattrs(Path root) throws Exception {
        String o = Shell.run("getfattr", "-R", "-h", "-d", "-m", "-", "-e", "hex", "--absolute-names", "--", root.toString());
        Map<String, List<String>> out = blocks(root, o);
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    /** Every entry's access (or default) ACL lines as getfacl prints them; symlinks are left out. */
    static Map<String, List<String>> acls(Path root, boolean dflt) throws Exception {
        String o = Shell.run("getfacl", "-R", "-P", "-p", "-n", "-E", dflt ? "-d" : "-a", "--", root.toString());
        return blocks(root, o);
    }

    private static Map<String, List<String>> blocks(Path root, String text) {
        Map<String, List<String>> out = new HashMap<>();
        List<String> current = null;
        String prefix = root.toString();
        for (String line : text.split("\n")) {
            if (line.startsWith("# file: ")) {
                String abs = unescape(line.substring(8));
                String rel = abs.equals(prefix) ? "." : abs.substring(prefix.length() + 1);
                current = new ArrayList<>();
                out.put(rel, current);
            } else if (!line.isEmpty() && !line.startsWith("#") && current != null) {
                current.add(line);
            }
        }
        return out;
    }

    /** getfattr/getfacl write odd bytes of names as \ooo (getfacl a backslash as two). */
    private static String unescape(String s) {
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\\' && i + 1 < raw.length && raw[i + 1] == '\\') { // getfacl: \\ for a backslash
                b.write('\\');
                i++;
            } else if (raw[i] == '\\' && i + 3 < raw.length && isOctal(raw[i + 1]) && isOctal(raw[i + 2]) && isOctal(raw[i + 3])) {
                b.write((raw[i + 1] - '0') * 64 + (raw[i + 2] - '0') * 8 + (raw[i + 3] - '0'));
                i += 3;
            } else {
                b.write(raw[i]);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    private static boolean isOctal(byte c) {
        return c >= '0' && c <= '7';
    }
}
