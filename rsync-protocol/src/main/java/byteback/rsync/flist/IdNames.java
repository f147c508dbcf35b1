package byteback.rsync.flist;

import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The uid→user and gid→group names the sender transmits (rsync: uidlist.c). */
final class IdNames {
    /** Most distinct ids per list we keep names for: a list is a stream of pairs, bound it. */
    static final int MAX_IDS = 1 << 20;

    final Map<Integer, String> users = new java.util.concurrent.ConcurrentHashMap<>();
    final Map<Integer, String> groups = new java.util.concurrent.ConcurrentHashMap<>();
    private final Budget budget;

    IdNames(Budget budget) {
        this.budget = budget;
    }

    /** rsync: uidlist.c recv_user_name / recv_group_name — a length byte and that many bytes. */
    void readName(WireInput in, int id, boolean user) throws IOException {
        int len = in.readByte();
        if (len == 0) {
            return;
        }
        byte[] name = WireBytes.read(in, len);
        for (byte b : name) {
            if (b == 0) {
                throw new ProtocolException((user ? "user" : "group")
                        + " name from sender contains a NUL byte");
            }
        }
        Map<Integer, String> map = user ? users : groups;
        if (!map.containsKey(id)) {
            if (map.size() >= MAX_IDS) {
                throw new ProtocolException("more than " + MAX_IDS + " " + (user ? "user" : "group")
                        + " names from sender");
            }
            budget.chargeLasting(64 + len);
            map.put(id, new String(name, StandardCharsets.UTF_8));
        }
    }

    /**
     * rsync: uidlist.c recv_id_list — after the entries, unless --numeric-ids: (id, name) pairs
     * ending with id 0, then with CF_ID0_NAMES the name of id 0.
     */
    void readLists(WireInput in, FileListConfig c) throws IOException {
        if (c.numericIds()) {
            return;
        }
        if (c.preserveUid() || c.preserveAcls()) {
            readList(in, c, true);
        }
        if (c.preserveGid() || c.preserveAcls()) {
            readList(in, c, false);
        }
    }

    private void readList(WireInput in, FileListConfig c, boolean user) throws IOException {
        int n = 0;
        int id;
        while ((id = in.readVarint()) != 0) {
            if (++n > MAX_IDS) {
                throw new ProtocolException("more than " + MAX_IDS + " ids in the sender's "
                        + (user ? "user" : "group") + " list");
            }
            readName(in, id, user);
        }
        if (c.id0Names()) {
            readName(in, 0, user);
        }
    }
}
