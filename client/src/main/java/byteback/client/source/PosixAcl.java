package byteback.client.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import byteback.rsync.store.RsyncAcl;

/**
 * A POSIX ACL as Linux keeps it in system.posix_acl_access / _default: the owner, owning group,
 * mask and other permissions and the named users and groups (rsync: acls.c unpack_smb_acl reads
 * the same through libacl). Decoded from the kernel's xattr format: a version word (2), then
 * entries of tag (16 bits), permissions (16 bits) and id (32 bits), little-endian.
 *
 * @param mask -1 when the ACL has no mask entry
 */
public record PosixAcl(int userObj, int groupObj, int mask, int other, List<Named> named) {
    /** A named user or group entry. */
    public record Named(boolean user, int id, int perms) {}

    private static final int ACL_USER_OBJ = 0x01;
    private static final int ACL_USER = 0x02;
    private static final int ACL_GROUP_OBJ = 0x04;
    private static final int ACL_GROUP = 0x08;
    private static final int ACL_MASK = 0x10;
    private static final int ACL_OTHER = 0x20;

    public PosixAcl {
        named = List.copyOf(named);
    }

    public static PosixAcl decode(byte[] value) throws IOException {
        if (value.length < 4 || (value.length - 4) % 8 != 0) throw new IOException("malformed POSIX ACL of " + value.length + " bytes");
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        int version = b.getInt();
        if (version != 2) throw new IOException("POSIX ACL version " + version + " is not supported");
        int userObj = -1, groupObj = -1, mask = -1, other = -1;
        List<Named> named = new ArrayList<>();
        while (b.remaining() >= 8) {
            int tag = b.getShort() & 0xffff;
            int perm = b.getShort() & 7;
            int id = b.getInt();
            switch (tag) {
                case ACL_USER_OBJ -> userObj = perm;
                case ACL_USER -> named.add(new Named(true, id, perm));
                case ACL_GROUP_OBJ -> groupObj = perm;
                case ACL_GROUP -> named.add(new Named(false, id, perm));
                case ACL_MASK -> mask = perm;
                case ACL_OTHER -> other = perm;
                default -> throw new IOException("unknown POSIX ACL tag " + tag);
            }
        }
        return new PosixAcl(userObj, groupObj, mask, other, named);
    }

    /**
     * The ACL in rsync's form as the sender holds it (rsync: acls.c unpack_smb_acl): the base
     * entries, the mask ({@link RsyncAcl#NO_ENTRY} when absent) and the named users (with
     * {@link RsyncAcl#NAME_IS_USER}) and groups, users first, each in id order as libacl lists them.
     */
    public RsyncAcl toRsyncAcl() {
        List<RsyncAcl.IdAccess> names = new ArrayList<>();
        named.stream().filter(Named::user).sorted(java.util.Comparator.comparingLong(n -> n.id() & 0xffffffffL))
                .forEach(n -> names.add(new RsyncAcl.IdAccess(n.id(), n.perms() | RsyncAcl.NAME_IS_USER)));
        named.stream().filter(n -> !n.user()).sorted(java.util.Comparator.comparingLong(n -> n.id() & 0xffffffffL))
                .forEach(n -> names.add(new RsyncAcl.IdAccess(n.id(), n.perms())));
        return new RsyncAcl(entry(userObj), entry(groupObj), entry(mask), entry(other), names);
    }

    /** Whether the ACL says no more than the mode does (an access ACL of the three base entries only). */
    public boolean isMinimal() {
        return named.isEmpty() && mask < 0;
    }

    private static int entry(int perm) {
        return perm < 0 ? RsyncAcl.NO_ENTRY : perm;
    }
}
