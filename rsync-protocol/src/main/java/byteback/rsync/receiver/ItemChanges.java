package byteback.rsync.receiver;

import byteback.rsync.protocol.ItemFlags;

import byteback.rsync.options.ServerOptions;
import byteback.rsync.protocol.FileMode;
import byteback.rsync.store.StoredEntry;
import java.time.Instant;

/**
 * The item flags the generator reports to the client for one entry, and whether they are worth
 * sending (rsync: generator.c itemize, the part before the flags go on the wire). Pure: what the
 * store holds is passed in, xattr and ACL comparisons are done by the caller.
 */
final class ItemChanges {
    /** rsync: rsync.h SIGNIFICANT_ITEM_FLAGS — the flags that make an item worth reporting. */
    static final int SIGNIFICANT = ~(ItemFlags.BASIS_TYPE_FOLLOWS | ItemFlags.XNAME_FOLLOWS | ItemFlags.LOCAL_CHANGE);

    private final ServerOptions options;
    private final int itemizeLevel;
    private final int nameLevel;

    ItemChanges(ServerOptions options) {
        this.options = options;
        this.itemizeLevel = options.itemizeLevel();
        this.nameLevel = options.nameLevel();
    }

    /**
     * rsync: generator.c itemize. The flags for {@code f}, given what was stored before this run
     * changed it.
     *
     * @param stored       the entry as it was, or null when there was none (or it was removed to make
     *                     way: rsync's statret &lt; 0)
     * @param iflags       what the caller knows: TRANSFER, LOCAL_CHANGE, REPORT_CHANGE, XNAME_FOLLOWS
     * @param xname        the hard-link leader's name with XNAME_FOLLOWS ("" when already linked), else null
     * @param aclDiffers   the stored ACLs differ from the client's (only asked for with -A)
     * @param xattrDiffers the stored xattrs differ from the client's, or for a new entry: the client
     *                     sent any (only asked for with -X)
     */
    int flags(ListedFile f, StoredEntry stored, int iflags, String xname, boolean aclDiffers, boolean xattrDiffers) {
        if (stored != null) {
            boolean keepTime = options.times() && (f.isDirectory() ? !options.omitDirTimes()
                    : !f.isSymlink() || !options.omitLinkTimes());
            if (f.isRegular() && f.size() != stored.size()) {
                iflags |= ItemFlags.REPORT_SIZE;
            }
            boolean timeChanged = keepTime ? !sameTime(f, stored.mtime(), options.modifyWindow())
                    : (iflags & (ItemFlags.TRANSFER | ItemFlags.LOCAL_CHANGE)) != 0
                            && ((iflags & ItemFlags.XNAME_FOLLOWS) == 0 || xname != null && !xname.isEmpty());
            if (timeChanged) {
                iflags |= ItemFlags.REPORT_TIME;
            }
            // rsync on Linux cannot chmod a symlink (no CAN_CHMOD_SYMLINK): their perms are not compared
            if (!f.isSymlink() && options.perms()
                    && (stored.mode() & FileMode.CHMOD_BITS) != (f.mode() & FileMode.CHMOD_BITS)) {
                iflags |= ItemFlags.REPORT_PERMS;
            }
            if (options.owner() && stored.uid() != f.uid()) {
                iflags |= ItemFlags.REPORT_OWNER; // fake-super counts as root here (am_root < 0)
            }
            if (options.group() && stored.gid() != f.gid()) {
                iflags |= ItemFlags.REPORT_GROUP;
            }
            if (options.acls() && !f.isSymlink() && aclDiffers) {
                iflags |= ItemFlags.REPORT_ACL;
            }
            if (options.xattrs() && xattrDiffers) {
                iflags |= ItemFlags.REPORT_XATTR;
            }
        } else {
            if (options.xattrs() && xattrDiffers) {
                iflags |= ItemFlags.REPORT_XATTR;
            }
            iflags |= ItemFlags.IS_NEW;
        }
        return iflags & 0xffff;
    }

    int nameLevel() {
        return nameLevel;
    }

    int itemizeLevel() {
        return itemizeLevel;
    }

    /** Whether rsync's itemize would put these flags on the wire. */
    boolean worthSending(int iflags, String xname) {
        return (iflags & SIGNIFICANT) != 0 || nameLevel >= 2 || itemizeLevel > 1
                || xname != null && !xname.isEmpty();
    }

    /** rsync: util1.c same_time — whole seconds unless --modify-window is negative. */
    static boolean sameTime(ListedFile f, Instant t, int window) {
        if (window == 0) {
            return t.getEpochSecond() == f.mtimeSeconds();
        }
        if (window < 0) {
            return t.getEpochSecond() == f.mtimeSeconds() && t.getNano() == f.mtimeNanos();
        }
        return Math.abs(t.getEpochSecond() - f.mtimeSeconds()) <= window;
    }
}
