package byteback.rsync.store;

import byteback.rsync.protocol.FileMode;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One entry of a test source tree as a stock rsync sender would describe it to the receiver
 * (lstat, xattrs but system.*, ACLs in rsync's form after the sender's stripping and the
 * receiver's mask filling). Read with lstat and the attr/acl tools, independently of the store.
 */
record SourceEntry(String rel, Path path, int mode, int uid, int gid, int major, int minor, Instant mtime,
        long inode, int links, byte[] target, List<Xattr> xattrs, RsyncAcl accessAcl, RsyncAcl defaultAcl) {

    /** A whole source tree's xattrs and ACLs, read once. */
    record Attrs(Map<String, List<String>> xattrs, Map<String, List<String>> access, Map<String, List<String>> dflt) {
        static Attrs of(Path root) throws Exception {
            return new Attrs(AttrTools.xattrs(root), AttrTools.acls(root, false), AttrTools.acls(root, true));
        }
    }

    static SourceEntry read(Path root, Path p, Attrs attrs) throws Exception {
        String rel = root.relativize(p).toString();
        if (rel.isEmpty()) rel = ".";
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,rdev,ino,nlink,lastModifiedTime",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        long rdev = (Long) a.get("rdev");
        int major = (int) (((rdev >>> 8) & 0xfff) | ((rdev >>> 32) & ~0xfffL));
        int minor = (int) ((rdev & 0xff) | ((rdev >>> 12) & ~0xffL));
        byte[] target = FileMode.isSymlink(mode)
                ? Files.readSymbolicLink(p).toString().getBytes(StandardCharsets.UTF_8) : null;
        List<Xattr> xattrs = new ArrayList<>();
        for (String line : attrs.xattrs().getOrDefault(rel, List.of())) {
            int eq = line.indexOf('=');
            String name = line.substring(0, eq);
            if (name.startsWith("system.")) continue; // rsync's sender leaves the system namespace out
            String hex = line.substring(eq + 1);
            byte[] value = hex.equals("") ? new byte[0] : HexFormat.of().parseHex(hex.substring(2));
            xattrs.add(Xattr.of(name, value));
        }
        RsyncAcl access = null, dflt = null;
        if (!FileMode.isSymlink(mode)) {
            access = receivedAccessAcl(acl(attrs.access().get(rel), rel), mode);
            if (FileMode.isDirectory(mode)) dflt = receivedDefaultAcl(acl(attrs.dflt().getOrDefault(rel, List.of()), rel));
        }
        return new SourceEntry(rel, p, mode, (Integer) a.get("uid"), (Integer) a.get("gid"), major, minor,
                ((FileTime) a.get("lastModifiedTime")).toInstant(), (Long) a.get("ino"), (Integer) a.get("nlink"),
                target, xattrs, access, dflt);
    }

    FileMetadata metadata() {
        return new FileMetadata(mode, uid, gid, major, minor, mtime, xattrs, accessAcl, defaultAcl);
    }

    /** The ACL entries getfacl prints: [kind, id or "", perms]. */
    private static List<String[]> acl(List<String> lines, String rel) {
        if (lines == null) throw new IllegalStateException("getfacl said nothing about " + rel);
        List<String[]> out = new ArrayList<>();
        for (String line : lines) {
            String[] e = line.trim().split(":", -1);
            if (e.length != 3 || e[2].length() != 3) throw new IllegalStateException("getfacl said: " + lines);
            out.add(e);
        }
        return out;
    }

    private static int perms(String rwx) {
        return (rwx.charAt(0) == 'r' ? 4 : 0) | (rwx.charAt(1) == 'w' ? 2 : 0) | (rwx.charAt(2) == 'x' ? 1 : 0);
    }

    /** rsync: acls.c unpack_smb_acl on the sender. */
    private static RsyncAcl unpack(List<String[]> entries) {
        int user = RsyncAcl.NO_ENTRY, group = RsyncAcl.NO_ENTRY, mask = RsyncAcl.NO_ENTRY, other = RsyncAcl.NO_ENTRY;
        List<RsyncAcl.IdAccess> names = new ArrayList<>();
        for (String[] e : entries) {
            int bits = perms(e[2]);
            switch (e[0]) {
                case "user" -> {
                    if (e[1].isEmpty()) user = bits;
                    else names.add(new RsyncAcl.IdAccess(Integer.parseInt(e[1]), bits | RsyncAcl.NAME_IS_USER));
                }
                case "group" -> {
                    if (e[1].isEmpty()) group = bits;
                    else names.add(new RsyncAcl.IdAccess(Integer.parseInt(e[1]), bits));
                }
                case "mask" -> mask = bits;
                case "other" -> other = bits;
                default -> throw new IllegalStateException("getfacl said " + String.join(":", e));
            }
        }
        return new RsyncAcl(user, group, mask, other, names);
    }

    /** rsync_acl_strip_perms on the sender, then recv_rsync_acl's mask filling on the receiver. */
    private static RsyncAcl receivedAccessAcl(List<String[]> entries, int mode) {
        RsyncAcl a = unpack(entries);
        int group = a.groupObj(), mask = a.maskObj();
        int groupPerms = (mode >> 3) & 7;
        if (mask == RsyncAcl.NO_ENTRY) {
            group = RsyncAcl.NO_ENTRY;
        } else {
            if (group == groupPerms) group = RsyncAcl.NO_ENTRY;
            if (!a.names().isEmpty() && mask == groupPerms) mask = RsyncAcl.NO_ENTRY;
        }
        if (!a.names().isEmpty() && mask == RsyncAcl.NO_ENTRY) mask = groupPerms;
        return new RsyncAcl(RsyncAcl.NO_ENTRY, group, mask, RsyncAcl.NO_ENTRY, a.names());
    }

    private static RsyncAcl receivedDefaultAcl(List<String[]> entries) {
        RsyncAcl a = unpack(entries);
        if (!a.names().isEmpty() && a.maskObj() == RsyncAcl.NO_ENTRY) {
            int bits = a.groupObj() & ~RsyncAcl.NO_ENTRY;
            for (RsyncAcl.IdAccess ida : a.names()) bits |= ida.access();
            return new RsyncAcl(a.userObj(), a.groupObj(), bits & ~RsyncAcl.NO_ENTRY & 0xff, a.otherObj(), a.names());
        }
        return a;
    }
}
