package byteback.rsync.store;

import byteback.rsync.protocol.FileMode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The pure rules of rsync's fake-super storage: the {@code user.rsync.%stat} text, the on-disc
 * mode, and the mapping of xattr names between the client and the store. No I/O.
 */
final class FakeSuper {
    private FakeSuper() {}

    static final byte[] USER_PREFIX = ascii("user.");
    static final byte[] RSYNC_PREFIX = ascii("user.rsync.");
    static final byte[] STAT_NAME = ascii("user.rsync.%stat");
    static final byte[] ACCESS_ACL_NAME = ascii("user.rsync.%aacl");
    static final byte[] DEFAULT_ACL_NAME = ascii("user.rsync.%dacl");
    private static final byte[][] OTHER_NAMESPACES = {ascii("trusted."), ascii("security."), ascii("system.")};

    /** The client's mode, owner and device as {@code user.rsync.%stat} holds them. */
    record StatXattr(int mode, int rdevMajor, int rdevMinor, int uid, int gid) {}

    /** rsync: xattrs.c set_stat_xattr, its {@code "%o %u,%u %u:%u"}. */
    static byte[] formatStat(StatXattr s) {
        return ascii(Integer.toOctalString(s.mode()) + " " + Integer.toUnsignedString(s.rdevMajor()) + ","
                + Integer.toUnsignedString(s.rdevMinor()) + " " + Integer.toUnsignedString(s.uid()) + ":"
                + Integer.toUnsignedString(s.gid()));
    }

    /**
     * rsync: xattrs.c get_stat_xattr, its {@code sscanf("%o %d,%d %d:%d")}.
     *
     * @return the parsed value, or null when the text is not in that form
     */
    static StatXattr parseStat(byte[] value) {
        String s = new String(value, StandardCharsets.ISO_8859_1);
        int sp = s.indexOf(' ');
        int comma = s.indexOf(',', sp + 1);
        int sp2 = s.indexOf(' ', comma + 1);
        int colon = s.indexOf(':', sp2 + 1);
        if (sp < 0 || comma < 0 || sp2 < 0 || colon < 0) return null;
        try {
            int mode = (int) Long.parseLong(s.substring(0, sp).trim(), 8);
            int major = (int) Long.parseLong(s.substring(sp + 1, comma).trim());
            int minor = (int) Long.parseLong(s.substring(comma + 1, sp2).trim());
            int uid = (int) Long.parseLong(s.substring(sp2 + 1, colon).trim());
            String g = s.substring(colon + 1).trim();
            int end = 0;
            while (end < g.length() && (Character.isDigit(g.charAt(end)) || (end == 0 && g.charAt(0) == '-'))) end++;
            int gid = (int) Long.parseLong(g.substring(0, end));
            return new StatXattr(mode, major, minor, uid, gid);
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /**
     * The mode an entry gets on disc (rsync: xattrs.c set_stat_xattr): the type it really has on
     * disc, the client's 0777 bits, set-id and sticky dropped, owner rw (directories rwx) added.
     */
    static int diskMode(int diskTypeBits, int clientMode) {
        return (diskTypeBits & FileMode.S_IFMT) | (clientMode & FileMode.ACCESSPERMS)
                | (diskTypeBits == FileMode.S_IFDIR ? 0700 : 0600);
    }

    /**
     * Whether {@code user.rsync.%stat} must be stored (rsync: xattrs.c set_stat_xattr): unless the
     * entry on disc already has exactly the client's mode (type and set-id bits included), device
     * and owner.
     */
    static boolean needsStat(int diskModeNow, int diskUid, int diskGid, StatXattr want) {
        int fmode = want.mode() & (FileMode.S_IFMT | FileMode.CHMOD_BITS);
        boolean device = FileMode.isDevice(fmode);
        int major = device ? want.rdevMajor() : 0, minor = device ? want.rdevMinor() : 0;
        return !(diskModeNow == fmode && major == 0 && minor == 0 && diskUid == want.uid() && diskGid == want.gid());
    }

    /**
     * The stored name of a client's xattr (rsync: xattrs.c receive_xattr with am_root &lt;= 0):
     * {@code user.*} as it is, anything else behind {@code user.rsync.}; null when the result is an
     * rsync-private {@code user.rsync.%...} name, which rsync ignores without {@code -XX} and which
     * a client must never be able to forge.
     */
    static byte[] storedName(byte[] clientName) {
        byte[] stored;
        if (startsWith(clientName, USER_PREFIX)) {
            stored = clientName;
        } else {
            stored = Arrays.copyOf(RSYNC_PREFIX, RSYNC_PREFIX.length + clientName.length);
            System.arraycopy(clientName, 0, stored, RSYNC_PREFIX.length, clientName.length);
        }
        if (stored.length > RSYNC_PREFIX.length && stored[RSYNC_PREFIX.length] == '%' && startsWith(stored, RSYNC_PREFIX)) {
            return null;
        }
        return stored;
    }

    /**
     * The client's name of a stored xattr, or null for a name the client never sees (other than
     * {@code user.*}, or rsync-private {@code user.rsync.%...}). {@code user.rsync.trusted.x} reads
     * back as {@code trusted.x} (any non-user namespace); other {@code user.rsync.*} names are the
     * client's own user names and stay as they are.
     */
    static byte[] clientName(byte[] storedName) {
        if (!startsWith(storedName, USER_PREFIX)) return null;
        if (!startsWith(storedName, RSYNC_PREFIX)) return storedName;
        if (storedName.length > RSYNC_PREFIX.length && storedName[RSYNC_PREFIX.length] == '%') return null;
        byte[] rest = Arrays.copyOfRange(storedName, RSYNC_PREFIX.length, storedName.length);
        for (byte[] ns : OTHER_NAMESPACES) {
            if (startsWith(rest, ns)) return rest;
        }
        return storedName;
    }

    static boolean startsWith(byte[] s, byte[] prefix) {
        return s.length >= prefix.length && Arrays.equals(s, 0, prefix.length, prefix, 0, prefix.length);
    }

    static String printable(byte[] name) {
        return StorePath.printable(name);
    }

    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
