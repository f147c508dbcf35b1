package byteback.rsync.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real form a restore writes: POSIX ACL xattrs encoded exactly as setfacl (libacl) writes
 * them, device numbers as mknod makes them, and through {@link Store#openReal} real devices,
 * fifos, symlinks, owners, modes, times, xattrs and ACLs (checked with stat, getfattr and getfacl,
 * not with our own code).
 */
class RealFormTest {
    @TempDir
    Path dir;

    private String sh(String script) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), script + ": " + out);
        return out;
    }

    private byte[] xattr(String file, String name) throws Exception {
        String out = sh("getfattr --absolute-names -n " + name + " -e hex '" + dir.resolve(file) + "'");
        String hex = out.substring(out.indexOf("=0x") + 3).strip();
        return HexFormat.of().parseHex(hex);
    }

    @Test
    void accessAclsEncodeAsSetfaclWritesThem() throws Exception {
        sh("touch f; chmod 640 f; setfacl -m u:12345:rwx,g:54321:r-x f");
        byte[] v = xattr("f", "system.posix_acl_access");
        RsyncAcl acl = PosixAclXattr.decode(v);
        assertNotNull(acl);
        assertEquals(6, acl.userObj());
        assertEquals(4, acl.groupObj());
        assertEquals(7, acl.maskObj(), "setfacl recomputes the mask");
        assertEquals(0, acl.otherObj());
        assertEquals(List.of(new RsyncAcl.IdAccess(12345, 7 | RsyncAcl.NAME_IS_USER), new RsyncAcl.IdAccess(54321, 5)),
                acl.names());
        assertTrue(PosixAclXattr.isExtended(acl));
        int mode = 0100000 | Integer.parseInt(sh("stat -c %a f").strip(), 8);
        assertArrayEquals(v, PosixAclXattr.encode(acl, mode, false));
    }

    @Test
    void defaultAclsEncodeAsSetfaclWritesThem() throws Exception {
        sh("mkdir d; chmod 750 d; setfacl -d -m u:12345:rwx,o::r-x d");
        byte[] v = xattr("d", "system.posix_acl_default");
        RsyncAcl acl = PosixAclXattr.decode(v);
        assertNotNull(acl);
        assertArrayEquals(v, PosixAclXattr.encode(acl, 040750, true));
    }

    @Test
    void aMinimalAclIsNotExtendedAndGarbageIsNotAnAcl() {
        assertFalse(PosixAclXattr.isExtended(new RsyncAcl(7, 5, RsyncAcl.NO_ENTRY, 5, List.of())));
        assertEquals(null, PosixAclXattr.decode(new byte[] {2, 0, 0, 0, 1}));
        assertEquals(null, PosixAclXattr.decode(new byte[] {3, 0, 0, 0}));
    }

    @Test
    void deviceNumbersAreGlibcs() {
        assertEquals(0x0801L, RealForm.makedev(8, 1));
        assertEquals(0x10010300L, RealForm.makedev(259, 65536));
    }

    @Test
    void theRealStoreWritesRealEntries() throws Exception {
        Path root = Files.createDirectories(dir.resolve("root"));
        Instant t = Instant.parse("2020-02-02T02:02:02.222222222Z");
        boolean asRoot = "0".equals(sh("id -u").strip());
        int uid = asRoot ? 1234 : Integer.parseInt(sh("id -u").strip());
        int gid = asRoot ? 5678 : Integer.parseInt(sh("id -g").strip());
        RsyncAcl acl = new RsyncAcl(7, 5, 5, 0, List.of(new RsyncAcl.IdAccess(12345, 5 | RsyncAcl.NAME_IS_USER)));
        try (Store s = Store.openReal(root)) {
            s.makeDirectory(StorePath.parse("d"), new FileMetadata(040750, uid, gid, 0, 0, t,
                    List.of(new Xattr("user.note".getBytes(StandardCharsets.UTF_8), "hi".getBytes(StandardCharsets.UTF_8))),
                    acl, null));
            s.makeSymlink(StorePath.parse("d/l"), "../nowhere".getBytes(StandardCharsets.UTF_8),
                    new FileMetadata(0120777, uid, gid, 0, 0, t, null, null, null));
            s.makeSpecial(StorePath.parse("d/fifo"), new FileMetadata(010640, uid, gid, 0, 0, t, null, null, null));
            if (asRoot) {
                s.makeSpecial(StorePath.parse("d/null"), new FileMetadata(020666, uid, gid, 1, 3, t, null, null, null));
            }
            s.setAttributes(StorePath.parse("d"), new FileMetadata(040750, uid, gid, 0, 0, t,
                    List.of(new Xattr("user.note".getBytes(StandardCharsets.UTF_8), "hi".getBytes(StandardCharsets.UTF_8))),
                    acl, null), true);
        }
        assertEquals("directory 750 " + uid + ":" + gid + " 1580608922.222222222\n",
                sh("stat -c '%F %a %u:%g %.9Y' root/d"));
        assertEquals("symbolic link " + uid + ":" + gid + " 1580608922.222222222 ../nowhere\n",
                sh("stat -c '%F %u:%g %.9Y' root/d/l | tr -d '\\n'; echo \" $(readlink root/d/l)\""));
        assertEquals("fifo 640 " + uid + ":" + gid + "\n", sh("stat -c '%F %a %u:%g' root/d/fifo"));
        if (asRoot) assertEquals("character special file 1:3 666\n", sh("stat -c '%F %t:%T %a' root/d/null"));
        assertTrue(sh("getfattr -d root/d").contains("user.note=\"hi\""));
        assertTrue(sh("getfacl -n root/d").contains("user:12345:r-x"), sh("getfacl -n root/d"));
    }
}
