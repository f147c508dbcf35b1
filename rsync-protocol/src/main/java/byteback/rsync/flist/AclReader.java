package byteback.rsync.flist;

import byteback.rsync.wire.ProtocolException;
import byteback.rsync.wire.WireInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Reads access and default ACLs and keeps them for index references (rsync: acls.c). */
final class AclReader {
    // rsync: acls.c XMIT_* flags of an ACL
    private static final int XMIT_USER_OBJ = 1;
    private static final int XMIT_GROUP_OBJ = 1 << 1;
    private static final int XMIT_MASK_OBJ = 1 << 2;
    private static final int XMIT_OTHER_OBJ = 1 << 3;
    private static final int XMIT_NAME_LIST = 1 << 4;
    private static final int XFLAG_NAME_FOLLOWS = 1;
    private static final int XFLAG_NAME_IS_USER = 2;

    private final List<Acl> access = new ArrayList<>();
    private final List<Acl> defaults = new ArrayList<>();
    private final FileListLimits limits;
    private final Budget budget;
    private final IdNames idNames;

    AclReader(FileListLimits limits, Budget budget, IdNames idNames) {
        this.limits = limits;
        this.budget = budget;
        this.idNames = idNames;
    }

    /** rsync: acls.c receive_acl. */
    void read(WireInput in, FileEntry e) throws IOException {
        e.accessAcl = readAcl(in, access, false, e.mode);
        if (e.isDirectory()) {
            e.defaultAcl = readAcl(in, defaults, true, 0);
        }
    }

    /** rsync: acls.c recv_rsync_acl. */
    private Acl readAcl(WireInput in, List<Acl> cache, boolean isDefault, int mode)
            throws IOException {
        String kind = isDefault ? "default" : "access";
        int ndx = in.readVarint();
        if (ndx < 0 || ndx > cache.size()) {
            throw new ProtocolException(kind + " ACL index " + ndx + " out of range (" + cache.size()
                    + " ACLs so far)");
        }
        if (ndx != 0) {
            return cache.get(ndx - 1);
        }
        int flags = in.readByte();
        if ((flags & ~0x1f) != 0) {
            throw new ProtocolException("unknown " + kind + " ACL flags 0x"
                    + Integer.toHexString(flags));
        }
        int userObj = (flags & XMIT_USER_OBJ) != 0 ? objAccess(in, kind) : Acl.NO_ENTRY;
        int groupObj = (flags & XMIT_GROUP_OBJ) != 0 ? objAccess(in, kind) : Acl.NO_ENTRY;
        int maskObj = (flags & XMIT_MASK_OBJ) != 0 ? objAccess(in, kind) : Acl.NO_ENTRY;
        int otherObj = (flags & XMIT_OTHER_OBJ) != 0 ? objAccess(in, kind) : Acl.NO_ENTRY;
        List<Acl.AclEntry> names = new ArrayList<>();
        int computedMask = 0;
        if ((flags & XMIT_NAME_LIST) != 0) {
            int count = WireBytes.varint(in, 0, limits.maxAclEntries(), kind + " ACL entry count");
            for (int i = 0; i < count; i++) {
                int id = in.readVarint();
                int raw = in.readVarint();
                int xflags = raw & 3;
                int bits = raw >>> 2;
                if ((bits & ~7) != 0) {
                    throw new ProtocolException(kind + " ACL entry access value out of range: 0x"
                            + Integer.toHexString(raw));
                }
                boolean user = (xflags & XFLAG_NAME_IS_USER) != 0;
                String name = null;
                if ((xflags & XFLAG_NAME_FOLLOWS) != 0) {
                    idNames.readName(in, id, user);
                    name = (user ? idNames.users : idNames.groups).get(id);
                }
                budget.chargeLasting(48);
                names.add(new Acl.AclEntry(user, id, bits, name));
                computedMask |= bits;
            }
        }
        // rsync: a mask must exist when there are named entries
        if (!names.isEmpty() && maskObj == Acl.NO_ENTRY) {
            maskObj = isDefault ? (computedMask | (groupObj & ~Acl.NO_ENTRY)) & 7
                    : (mode >> 3) & 7;
        }
        budget.chargeLasting(64);
        Acl acl = new Acl(userObj, groupObj, maskObj, otherObj, names);
        cache.add(acl);
        return acl;
    }

    /** rsync: acls.c recv_acl_access for an object entry: rwx bits only. */
    private static int objAccess(WireInput in, String kind) throws IOException {
        int v = in.readVarint();
        if ((v & ~7) != 0) {
            throw new ProtocolException(kind + " ACL value out of range: 0x"
                    + Integer.toHexString(v));
        }
        return v;
    }
}
