package byteback.rsync.store;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * One ACL (access or default) in rsync's own form (rsync: acls.c {@code rsync_acl}), exactly as
 * the receiver holds it after {@code recv_rsync_acl}: the mask already filled in when names are
 * present. {@code userObj}, {@code groupObj}, {@code maskObj} and {@code otherObj} are permission
 * triplets 0..7 or {@link #NO_ENTRY}; each name entry is an id with its access bits, the bit
 * {@link #NAME_IS_USER} set for a user (clear for a group).
 *
 * <p>Under fake-super rsync stores it as the value of {@code user.rsync.%aacl} (access) or
 * {@code user.rsync.%dacl} (default): four little-endian 32-bit words user, group, mask, other,
 * then for each name entry two words id, access (rsync: acls.c set_rsync_acl).
 */
public record RsyncAcl(int userObj, int groupObj, int maskObj, int otherObj, List<IdAccess> names) {
    /** No such entry (rsync: NO_ENTRY). */
    public static final int NO_ENTRY = 0x80;
    /** Marks a name entry as a user (rsync: NAME_IS_USER). */
    public static final int NAME_IS_USER = 1 << 31;
    /** The ACL with no entries at all (rsync: empty_rsync_acl). */
    public static final RsyncAcl EMPTY = new RsyncAcl(NO_ENTRY, NO_ENTRY, NO_ENTRY, NO_ENTRY, List.of());

    /** One named entry: a uid or gid and its access bits (with {@link #NAME_IS_USER} for users). */
    public record IdAccess(int id, int access) {
        public boolean isUser() {
            return (access & NAME_IS_USER) != 0;
        }
    }

    public RsyncAcl {
        names = List.copyOf(names);
    }

    /** The stored xattr value (rsync: acls.c set_rsync_acl, fake-super branch). */
    public byte[] toXattrValue() {
        ByteBuffer b = ByteBuffer.allocate(16 + 8 * names.size()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(userObj).putInt(groupObj).putInt(maskObj).putInt(otherObj);
        for (IdAccess ida : names) b.putInt(ida.id()).putInt(ida.access());
        return b.array();
    }

    /**
     * Reads a stored xattr value back (rsync: acls.c get_rsync_acl, fake-super branch): user,
     * group and other entries stored as {@link #NO_ENTRY} are filled in from {@code mode}'s
     * permission bits.
     *
     * @return the ACL, or null when the value has an impossible length (rsync reports an error)
     */
    public static RsyncAcl fromXattrValue(byte[] value, int mode) {
        if (value.length < 16 || (value.length - 16) % 8 != 0) return null;
        ByteBuffer b = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
        int user = b.getInt(), group = b.getInt(), mask = b.getInt(), other = b.getInt();
        if (user == NO_ENTRY) user = (mode >> 6) & 7;
        if (group == NO_ENTRY) group = (mode >> 3) & 7;
        if (other == NO_ENTRY) other = mode & 7;
        List<IdAccess> names = new ArrayList<>((value.length - 16) / 8);
        while (b.hasRemaining()) names.add(new IdAccess(b.getInt(), b.getInt()));
        return new RsyncAcl(user, group, mask, other, names);
    }

    /**
     * Whether a stored access ACL ({@code this}, as read back) already says what {@code wanted}
     * says, given the new mode (rsync: acls.c rsync_acl_equal_enough).
     */
    public boolean equalEnough(RsyncAcl wanted, int mode) {
        if (((maskObj ^ wanted.maskObj) & NO_ENTRY) != 0) return false;
        if (maskObj != NO_ENTRY) {
            if (wanted.groupObj == NO_ENTRY) {
                if (groupObj != ((mode >> 3) & 7)) return false;
            } else if (groupObj != wanted.groupObj) {
                return false;
            }
        }
        return names.equals(wanted.names);
    }
}
