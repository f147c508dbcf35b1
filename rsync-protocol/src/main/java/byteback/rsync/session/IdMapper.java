package byteback.rsync.session;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Maps the client's user and group names to local ids, as rsync does without --numeric-ids
 * (rsync: uidlist.c recv_add_id): a named, non-zero id becomes the local id of that name when
 * there is one; everything else stays numeric.
 */
public final class IdMapper {
    private final Map<String, Integer> users;
    private final Map<String, Integer> groups;

    IdMapper(Map<String, Integer> users, Map<String, Integer> groups) {
        this.users = users;
        this.groups = groups;
    }

    /** From /etc/passwd and /etc/group. */
    public static IdMapper local() {
        return new IdMapper(read(Path.of("/etc/passwd")), read(Path.of("/etc/group")));
    }

    private static Map<String, Integer> read(Path file) {
        Map<String, Integer> m = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split(":", -1);
                if (f.length >= 3) {
                    try {
                        m.putIfAbsent(f[0], Integer.parseUnsignedInt(f[2]));
                    } catch (NumberFormatException ignored) {
                        // not an id line
                    }
                }
            }
        } catch (IOException ignored) {
            // no such database: ids stay numeric
        }
        return m;
    }

    public int uid(int id, String name) {
        return map(users, id, name);
    }

    public int gid(int id, String name) {
        return map(groups, id, name);
    }

    private static int map(Map<String, Integer> names, int id, String name) {
        if (name == null || name.isEmpty() || id == 0) {
            return id;
        }
        Integer local = names.get(name);
        return local != null ? local : id;
    }
}
