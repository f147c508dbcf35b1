package byteback.rsync.sender;

import byteback.rsync.protocol.FileMode;
import byteback.rsync.store.RsyncAcl;
import byteback.rsync.wire.WireOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a file's ACLs after its file-list entry (rsync: acls.c send_acl, send_rsync_acl,
 * send_ida_entries): the access ACL without what the mode already says, a directory's default
 * ACL, each either as the index of an identical ACL sent before or in full.
 */
final class AclSender {
    // rsync: acls.c XMIT_* flags of an ACL, XFLAG_* of a name entry
    private static final int XMIT_USER_OBJ = 1;
    private static final int XMIT_GROUP_OBJ = 1 << 1;
    private static final int XMIT_MASK_OBJ = 1 << 2;
    private static final int XMIT_OTHER_OBJ = 1 << 3;
    private static final int XMIT_NAME_LIST = 1 << 4;
    private static final int XFLAG_NAME_FOLLOWS = 1;
    private static final int XFLAG_NAME_IS_USER = 2;

    private final Map<RsyncAcl, Integer> accessSent = new HashMap<>();
    private final Map<RsyncAcl, Integer> defaultSent = new HashMap<>();
    private final IdNameList users;
    private final IdNameList groups;
    /** Incremental recursion: a name follows an id the first time it is sent. */
    private final boolean incremental;

    /**
     * @param users,groups where named entries' ids go without --numeric-ids, else null
     * @param incremental  incremental recursion (names follow ids instead of id lists at the end)
     */
    AclSender(IdNameList users, IdNameList groups, boolean incremental) {
        this.users = users;
        this.groups = groups;
        this.incremental = incremental;
    }

    /** rsync: acls.c send_acl. {@code access}/{@code dflt} as stored, null when none. */
    void send(WireOutput out, int mode, RsyncAcl access, RsyncAcl dflt) throws IOException {
        RsyncAcl acc = access != null ? access
                : new RsyncAcl((mode >> 6) & 7, (mode >> 3) & 7, RsyncAcl.NO_ENTRY, mode & 7, List.of());
        sendOne(out, stripPerms(acc, mode), accessSent);
        if (FileMode.isDirectory(mode)) {
            sendOne(out, dflt != null ? dflt : RsyncAcl.EMPTY, defaultSent);
        }
    }

    /** rsync: acls.c rsync_acl_strip_perms — leave out what the mode says. */
    static RsyncAcl stripPerms(RsyncAcl a, int mode) {
        int group = a.groupObj();
        int mask = a.maskObj();
        if (mask == RsyncAcl.NO_ENTRY) {
            group = RsyncAcl.NO_ENTRY;
        } else {
            int groupPerms = (mode >> 3) & 7;
            if (group == groupPerms) {
                group = RsyncAcl.NO_ENTRY;
            }
            if (!a.names().isEmpty() && mask == groupPerms) {
                mask = RsyncAcl.NO_ENTRY;
            }
        }
        return new RsyncAcl(RsyncAcl.NO_ENTRY, group, mask, RsyncAcl.NO_ENTRY, a.names());
    }

    /** rsync: acls.c send_rsync_acl. */
    private void sendOne(WireOutput out, RsyncAcl a, Map<RsyncAcl, Integer> sent) throws IOException {
        Integer ndx = sent.get(a);
        out.writeVarint(ndx == null ? 0 : ndx + 1);
        if (ndx != null) {
            return;
        }
        sent.put(a, sent.size());
        int flags = 0;
        if (a.userObj() != RsyncAcl.NO_ENTRY) flags |= XMIT_USER_OBJ;
        if (a.groupObj() != RsyncAcl.NO_ENTRY) flags |= XMIT_GROUP_OBJ;
        if (a.maskObj() != RsyncAcl.NO_ENTRY) flags |= XMIT_MASK_OBJ;
        if (a.otherObj() != RsyncAcl.NO_ENTRY) flags |= XMIT_OTHER_OBJ;
        if (!a.names().isEmpty()) flags |= XMIT_NAME_LIST;
        out.writeByte(flags);
        if ((flags & XMIT_USER_OBJ) != 0) out.writeVarint(a.userObj());
        if ((flags & XMIT_GROUP_OBJ) != 0) out.writeVarint(a.groupObj());
        if ((flags & XMIT_MASK_OBJ) != 0) out.writeVarint(a.maskObj());
        if ((flags & XMIT_OTHER_OBJ) != 0) out.writeVarint(a.otherObj());
        if ((flags & XMIT_NAME_LIST) != 0) {
            // rsync: acls.c send_ida_entries (names follow only with incremental recursion)
            List<RsyncAcl.IdAccess> names = new ArrayList<>(a.names());
            out.writeVarint(names.size());
            for (RsyncAcl.IdAccess ida : names) {
                int xbits = (ida.access() & ~RsyncAcl.NAME_IS_USER) << 2;
                IdNameList ids = ida.isUser() ? users : groups;
                if (ida.isUser()) {
                    xbits |= XFLAG_NAME_IS_USER;
                }
                String name = null;
                if (ids != null) {
                    if (incremental) {
                        name = ids.nameIfNew(ida.id());
                    } else {
                        ids.add(ida.id());
                    }
                }
                out.writeVarint(ida.id());
                if (name != null) {
                    out.writeVarint(xbits | XFLAG_NAME_FOLLOWS);
                    IdNameList.writeFollowingName(out, name);
                } else {
                    out.writeVarint(xbits);
                }
            }
        }
    }
}
