package byteback.rsync.sender;

import static byteback.rsync.protocol.XFlags.*;

import byteback.rsync.protocol.FileMode;
import byteback.rsync.wire.WireOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Writes file-list entries with rsync's compression against the previous entry (rsync: flist.c
 * send_file_entry): shared name prefixes, same mode/uid/gid/mtime/rdev major, nanoseconds
 * (protocol 31+), hard-link indexes (protocol 30+), varint or 1-2 byte flags. Protocols 30..32.
 */
final class FileListWriter {
    /** Which attributes the client asked for. */
    record Preserve(boolean uid, boolean gid, boolean devices, boolean specials, boolean links,
            boolean hardLinks, boolean numericIds, int checksumLength) {}

    private final WireOutput out;
    private final int protocol;
    private final boolean varintFlags;
    private final Preserve preserve;
    private final IdNameList users;
    private final IdNameList groups;
    /** Incremental recursion: names follow their ids, hard links may point into earlier lists. */
    private final boolean incremental;
    private final Map<Long, Map<Long, Integer>> hardLinks = new HashMap<>();

    private long modtime;
    private int mode;
    private int rdevMajor;
    private int uid;
    private int gid;
    private byte[] lastName = new byte[0];
    private boolean first = true;

    FileListWriter(WireOutput out, int protocol, boolean varintFlags, Preserve preserve, IdNameList users,
            IdNameList groups, boolean incremental) {
        this.out = out;
        this.incremental = incremental;
        this.protocol = protocol;
        this.varintFlags = varintFlags;
        this.preserve = preserve;
        this.users = users;
        this.groups = groups;
    }

    /**
     * rsync: flist.c send_file_entry.
     *
     * @param ndx      the entry's protocol index in the order sent (its list's start plus its place)
     * @param firstNdx the protocol index of the first entry of the list being sent (0 without
     *                 incremental recursion): a hard link to an entry before it is sent in full
     */
    void write(SenderFile f, int ndx, int firstNdx) throws IOException {
        SourceEntry e = f.entry;
        int fmode = e.mode();
        int xflags;
        if (FileMode.isDirectory(fmode)) {
            if ((f.flags & SenderFile.CONTENT_DIR) != 0) {
                xflags = (f.flags & SenderFile.TOP_DIR) != 0 ? XMIT_TOP_DIR : 0;
            } else if ((f.flags & SenderFile.IMPLIED_DIR) != 0) {
                xflags = XMIT_TOP_DIR | XMIT_NO_CONTENT_DIR;
            } else {
                xflags = XMIT_NO_CONTENT_DIR;
            }
        } else {
            xflags = 0;
        }
        if (!first && fmode == mode) {
            xflags |= XMIT_SAME_MODE;
        } else {
            mode = fmode;
        }
        boolean device = preserve.devices && FileMode.isDevice(fmode);
        boolean special = preserve.specials && FileMode.isSpecial(fmode) && protocol < 31;
        int major = e.rdevMajor();
        if (device) {
            if (!first && major == rdevMajor) {
                xflags |= XMIT_SAME_RDEV_MAJOR;
            } else {
                rdevMajor = major;
            }
        } else if (special) {
            // rsync: specials need no rdev; the historical value is sent cheaply (major kept, minor 0)
            xflags |= XMIT_SAME_RDEV_MAJOR;
        }
        String userName = null;
        String groupName = null;
        if (!preserve.uid || (e.uid() == uid && lastName.length > 0)) {
            xflags |= XMIT_SAME_UID;
        } else {
            uid = e.uid();
            if (!preserve.numericIds && users != null) {
                if (incremental) {
                    // rsync: with inc_recurse a new id's name follows it in the entry
                    userName = users.nameIfNew(uid);
                    if (userName != null) {
                        xflags |= XMIT_USER_NAME_FOLLOWS;
                    }
                } else {
                    users.add(uid);
                }
            }
        }
        if (!preserve.gid || (e.gid() == gid && lastName.length > 0)) {
            xflags |= XMIT_SAME_GID;
        } else {
            gid = e.gid();
            if (!preserve.numericIds && groups != null) {
                if (incremental) {
                    groupName = groups.nameIfNew(gid);
                    if (groupName != null) {
                        xflags |= XMIT_GROUP_NAME_FOLLOWS;
                    }
                } else {
                    groups.add(gid);
                }
            }
        }
        if (!first && e.mtimeSeconds() == modtime) {
            xflags |= XMIT_SAME_TIME;
        } else {
            modtime = e.mtimeSeconds();
        }
        if (e.mtimeNanos() != 0 && protocol >= 31) {
            xflags |= XMIT_MOD_NSEC;
        }
        int firstHlink = -1;
        if (preserve.hardLinks && !FileMode.isDirectory(fmode) && e.links() > 1) {
            // rsync: hlink.c idev_find — the first entry of a dev:inode pair leads its group
            Map<Long, Integer> inodes = hardLinks.computeIfAbsent(e.device(), k -> new HashMap<>());
            Integer leader = inodes.get(e.inode());
            if (leader == null) {
                inodes.put(e.inode(), ndx);
                xflags |= XMIT_HLINK_FIRST;
            } else {
                firstHlink = leader;
            }
            xflags |= XMIT_HLINKED;
        }
        byte[] name = f.wireName;
        int l1 = 0;
        int max = Math.min(Math.min(lastName.length, name.length), 255);
        while (l1 < max && name[l1] == lastName[l1]) {
            l1++;
        }
        int l2 = name.length - l1;
        if (l1 > 0) {
            xflags |= XMIT_SAME_NAME;
        }
        if (l2 > 255) {
            xflags |= XMIT_LONG_NAME;
        }
        if (varintFlags) {
            out.writeVarint(xflags != 0 ? xflags : XMIT_EXTENDED_FLAGS);
        } else {
            if (xflags == 0 && !FileMode.isDirectory(fmode)) {
                xflags |= XMIT_TOP_DIR;
            }
            if ((xflags & 0xFF00) != 0 || xflags == 0) {
                xflags |= XMIT_EXTENDED_FLAGS;
                out.writeShort(xflags);
            } else {
                out.writeByte(xflags);
            }
        }
        if ((xflags & XMIT_SAME_NAME) != 0) {
            out.writeByte(l1);
        }
        if ((xflags & XMIT_LONG_NAME) != 0) {
            out.writeVarint(l2);
        } else {
            out.writeByte(l2);
        }
        out.write(name, l1, l2);
        lastName = name;
        first = false;

        if (firstHlink >= 0) {
            out.writeVarint(firstHlink);
            if (firstHlink >= firstNdx) {
                return; // rsync: the rest is the leader's, in this list
            }
            // a leader in an earlier list (incremental recursion): the entry follows in full
        }
        out.writeVarlong(e.size(), 3);
        if ((xflags & XMIT_SAME_TIME) == 0) {
            out.writeVarlong(modtime, 4);
        }
        if ((xflags & XMIT_MOD_NSEC) != 0) {
            out.writeVarint(e.mtimeNanos());
        }
        if ((xflags & XMIT_SAME_MODE) == 0) {
            out.writeInt(fmode); // rsync: to_wire_mode (Linux values are the wire values)
        }
        if (preserve.uid && (xflags & XMIT_SAME_UID) == 0) {
            out.writeVarint(uid);
            if (userName != null) {
                IdNameList.writeFollowingName(out, userName);
            }
        }
        if (preserve.gid && (xflags & XMIT_SAME_GID) == 0) {
            out.writeVarint(gid);
            if (groupName != null) {
                IdNameList.writeFollowingName(out, groupName);
            }
        }
        if (device || special) {
            if ((xflags & XMIT_SAME_RDEV_MAJOR) == 0) {
                out.writeVarint(rdevMajor);
            }
            out.writeVarint(device ? e.rdevMinor() : 0);
        }
        if (preserve.links && FileMode.isSymlink(fmode)) {
            out.writeVarint(f.linkTarget.length);
            out.write(f.linkTarget, 0, f.linkTarget.length);
        }
        if (preserve.checksumLength > 0 && FileMode.isRegular(fmode)) {
            byte[] sum = f.checksum != null ? f.checksum : new byte[preserve.checksumLength];
            out.write(sum, 0, preserve.checksumLength);
        }
    }

    /** rsync: flist.c write_end_of_flist. */
    void writeEnd(int ioError, boolean sendIoError) throws IOException {
        if (varintFlags) {
            out.writeVarint(0);
            out.writeVarint(sendIoError ? ioError : 0);
        } else if (sendIoError) {
            out.writeShort(XMIT_EXTENDED_FLAGS | XMIT_IO_ERROR_ENDLIST);
            out.writeVarint(ioError);
        } else {
            out.writeByte(0);
        }
    }
}
