package byteback.rsync.flist;

import java.util.List;

/**
 * An access or default ACL as rsync transmits it (rsync: acls.c rsync_acl). Object entries hold
 * rwx bits 0..7 or {@link #NO_ENTRY} when the sender left them out. As with xattrs, the sender
 * transmits each distinct ACL once and refers to it by index afterwards, so entries may share one.
 *
 * @param userObj  ACL_USER_OBJ permission bits, or NO_ENTRY
 * @param groupObj ACL_GROUP_OBJ, or NO_ENTRY
 * @param maskObj  ACL_MASK, or NO_ENTRY; computed as rsync does when named entries came without one
 * @param otherObj ACL_OTHER, or NO_ENTRY
 * @param names    the named user and group entries
 */
public record Acl(int userObj, int groupObj, int maskObj, int otherObj, List<AclEntry> names) {

    /** rsync: acls.c NO_ENTRY. */
    public static final int NO_ENTRY = 0x80;

    public Acl {
        names = List.copyOf(names);
    }

    /**
     * A named ACL entry.
     *
     * @param user   true for a named user (ACL_USER), false for a named group (ACL_GROUP)
     * @param id     the sender's uid or gid (unsigned 32 bits); with --numeric-ids that is final
     * @param access permission bits 0..7
     * @param name   the user or group name the sender attached, or null
     */
    public record AclEntry(boolean user, int id, int access, String name) {}
}
