package byteback.rsync.store;

import byteback.rsync.protocol.FileMode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * rsync's ACLs as Linux keeps them, in {@code system.posix_acl_access} and {@code
 * system.posix_acl_default}: a version word (2), then entries of tag, permissions (16 bits each)
 * and id (32 bits), little-endian, sorted by tag then id (rsync: acls.c pack_smb_acl / unpack_smb_acl
 * through libacl). Pure: no I/O.
 */
final class PosixAclXattr {
    private PosixAclXattr() {}

    static final byte[] ACCESS_NAME = FakeSuper.ascii("system.posix_acl_access");
    static final byte[] DEFAULT_NAME = FakeSuper.ascii("system.posix_acl_default");

    private static final int VERSION = 2;
    private static final int USER_OBJ = 0x01, USER = 0x02, GROUP_OBJ = 0x04, GROUP = 0x08, MASK = 0x10, OTHER = 0x20;
    private static final int UNDEFINED_ID = -1;

    /**
     * Whether {@code acl} says more than a mode can (named entries or a mask): only then does a
     * file carry an access ACL (rsync: acls.c change_sacl_perms leaves a minimal ACL to chmod).
     */
    static boolean isExtended(RsyncAcl acl) {
        return !acl.names().isEmpty() || acl.maskObj() != RsyncAcl.NO_ENTRY;
    }

    /**
     * The xattr value for {@code acl} (rsync: acls.c pack_smb_acl, with change_sacl_perms for an
     * access ACL): base entries missing from it come from {@code mode}; for an access ACL with a
     * mask, the mask is the mode's group bits (chmod sets it so anyway).
     */
    static byte[] encode(RsyncAcl acl, int mode, boolean defaultAcl) {
        int user = acl.userObj() != RsyncAcl.NO_ENTRY ? acl.userObj() : (mode >> 6) & 7;
        int group = acl.groupObj() != RsyncAcl.NO_ENTRY ? acl.groupObj() : (mode >> 3) & 7;
        int other = acl.otherObj() != RsyncAcl.NO_ENTRY ? acl.otherObj() : mode & 7;
        int mask = acl.maskObj();
        if (!defaultAcl) {
            user = (mode >> 6) & 7;
            other = mode & 7;
            if (mask != RsyncAcl.NO_ENTRY) {
                mask = (mode >> 3) & 7;
            } else {
                group = (mode >> 3) & 7;
            }
        }
        List<int[]> users = new ArrayList<>(), groups = new ArrayList<>();
        for (RsyncAcl.IdAccess ida : acl.names()) {
            (ida.isUser() ? users : groups).add(new int[] {ida.id(), ida.access() & 7});
        }
        Comparator<int[]> byId = Comparator.comparingLong(e -> e[0] & 0xffffffffL);
        users.sort(byId);
        groups.sort(byId);
        if (mask == RsyncAcl.NO_ENTRY && (!users.isEmpty() || !groups.isEmpty())) {
            mask = group; // a named entry needs a mask (rsync: acls.c recv_rsync_acl computes one)
            for (int[] e : users) mask |= e[1];
            for (int[] e : groups) mask |= e[1];
        }
        int n = 3 + users.size() + groups.size() + (mask != RsyncAcl.NO_ENTRY ? 1 : 0);
        ByteBuffer b = ByteBuffer.allocate(4 + 8 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(VERSION);
        entry(b, USER_OBJ, user, UNDEFINED_ID);
        for (int[] e : users) entry(b, USER, e[1], e[0]);
        entry(b, GROUP_OBJ, group, UNDEFINED_ID);
        for (int[] e : groups) entry(b, GROUP, e[1], e[0]);
        if (mask != RsyncAcl.NO_ENTRY) entry(b, MASK, mask & 7, UNDEFINED_ID);
        entry(b, OTHER, other, UNDEFINED_ID);
        return b.array();
    }

    private static void entry(ByteBuffer b, int tag, int perm, int id) {
        b.putShort((short) tag).putShort((short) (perm & 7)).putInt(id);
    }

    /**
     * The ACL in rsync's form as a sender reads it (rsync: acls.c unpack_smb_acl): base entries,
     * the mask ({@link RsyncAcl#NO_ENTRY} when absent), named users (with {@link
     * RsyncAcl#NAME_IS_USER}) then groups, each by id; null when the value is malformed.
     */
    static RsyncAcl decode(byte[] value) {
        if (value.length < 4 || (value.length - 4) % 8 != 0) return null;
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt() != VERSION) return null;
        int user = RsyncAcl.NO_ENTRY, group = RsyncAcl.NO_ENTRY, mask = RsyncAcl.NO_ENTRY, other = RsyncAcl.NO_ENTRY;
        List<RsyncAcl.IdAccess> users = new ArrayList<>(), groups = new ArrayList<>();
        while (b.hasRemaining()) {
            int tag = b.getShort() & 0xffff, perm = b.getShort() & 7, id = b.getInt();
            switch (tag) {
                case USER_OBJ -> user = perm;
                case USER -> users.add(new RsyncAcl.IdAccess(id, perm | RsyncAcl.NAME_IS_USER));
                case GROUP_OBJ -> group = perm;
                case GROUP -> groups.add(new RsyncAcl.IdAccess(id, perm));
                case MASK -> mask = perm;
                case OTHER -> other = perm;
                default -> {
                    return null;
                }
            }
        }
        Comparator<RsyncAcl.IdAccess> byId = Comparator.comparingLong(e -> e.id() & 0xffffffffL);
        users.sort(byId);
        groups.sort(byId);
        users.addAll(groups);
        return new RsyncAcl(user, group, mask, other, users);
    }

    /** Whether a mode can carry this kind of ACL at all (never symlinks; default ACLs only on directories). */
    static boolean applies(int mode, boolean defaultAcl) {
        return !FileMode.isSymlink(mode) && (!defaultAcl || FileMode.isDirectory(mode));
    }
}
