package byteback.rsync.sender;

import byteback.rsync.wire.WireOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The user or group names a sender sends after its file list without --numeric-ids (rsync:
 * uidlist.c add_uid/add_gid, send_id_lists): each id seen, with the name this machine gives it.
 */
final class IdNameList {
    private final Map<Integer, String> database;
    private final Map<Integer, String> seen = new LinkedHashMap<>();

    private IdNameList(Map<Integer, String> database) {
        this.database = database;
    }

    static IdNameList users() {
        return new IdNameList(read(Path.of("/etc/passwd")));
    }

    static IdNameList groups() {
        return new IdNameList(read(Path.of("/etc/group")));
    }

    /** rsync: uidlist.c add_uid — remembers {@code id}; root (0) is never mapped. */
    void add(int id) {
        if (id != 0 && !seen.containsKey(id)) {
            seen.put(id, database.get(id));
        }
    }

    /**
     * rsync: uidlist.c add_uid as incremental recursion uses it: the name to send with the entry
     * when {@code id} is seen for the first time (root too), else null (also for an id without a
     * name here).
     */
    String nameIfNew(int id) {
        if (seen.containsKey(id)) {
            return null;
        }
        String name = database.get(id);
        seen.put(id, name);
        return name;
    }

    /** rsync: uidlist.c send_one_list. */
    void write(WireOutput out, boolean id0Names) throws IOException {
        for (Map.Entry<Integer, String> e : seen.entrySet()) {
            if (e.getValue() != null) {
                writeName(out, e.getKey(), e.getValue());
            }
        }
        if (id0Names) {
            String root = database.get(0);
            writeName(out, 0, root == null ? "" : root);
        } else {
            out.writeVarint(0);
        }
    }

    private static void writeName(WireOutput out, int id, String name) throws IOException {
        out.writeVarint(id);
        writeFollowingName(out, name);
    }

    /** A name as it follows an id (a length byte, at most 255 bytes of it). */
    static void writeFollowingName(WireOutput out, String name) throws IOException {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        int len = Math.min(b.length, 255);
        out.writeByte(len);
        out.write(b, 0, len);
    }

    private static Map<Integer, String> read(Path file) {
        Map<Integer, String> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 3) {
                    try {
                        m.putIfAbsent(Integer.parseUnsignedInt(f[2]), f[0]);
                    } catch (NumberFormatException ignored) {
                        // not an id line
                    }
                }
            }
        } catch (IOException ignored) {
            // no database: no names
        }
        return m;
    }
}
