package byteback.rsync.store;

import byteback.rsync.protocol.FileMode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.store.FakeSuper.StatXattr;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The pure fake-super rules: %stat text, on-disc modes, xattr names, ACL bytes, path parsing. */
class FakeSuperTest {

    @Test
    void statTextIsRsyncs() {
        assertEquals("100644 0,0 12345:54321", ascii(FakeSuper.formatStat(new StatXattr(0100644, 0, 0, 12345, 54321))));
        assertEquals("20644 4095,1048575 0:0", ascii(FakeSuper.formatStat(new StatXattr(020644, 4095, 1048575, 0, 0))));
        assertEquals("100644 0,0 4294967295:4294967294", ascii(FakeSuper.formatStat(new StatXattr(0100644, 0, 0, -1, -2))));
        assertEquals(new StatXattr(0120777, 0, 0, 1000, 100), FakeSuper.parseStat(b("120777 0,0 1000:100")));
        assertEquals(new StatXattr(060600, 259, 65536, 0, 0), FakeSuper.parseStat(b("60600 259,65536 0:0")));
        assertNull(FakeSuper.parseStat(b("garbage")));
        assertNull(FakeSuper.parseStat(b("100644 0,0 0")));
        assertNull(FakeSuper.parseStat(b("")));
    }

    @Property(tries = 200)
    void statTextRoundTrips(@ForAll("modes") int mode, @ForAll @IntRange(max = 4095) int major,
            @ForAll @IntRange(max = 1048575) int minor, @ForAll int uid, @ForAll int gid) {
        StatXattr s = new StatXattr(mode, major, minor, uid, gid);
        assertEquals(s, FakeSuper.parseStat(FakeSuper.formatStat(s)));
    }

    @Provide
    Arbitrary<Integer> modes() {
        return Arbitraries.of(FileMode.S_IFREG, FileMode.S_IFDIR, FileMode.S_IFLNK, FileMode.S_IFCHR, FileMode.S_IFBLK,
                FileMode.S_IFIFO, FileMode.S_IFSOCK).flatMap(t -> Arbitraries.integers().between(0, 07777).map(p -> t | p));
    }

    @Test
    void discModesDropSpecialBitsAndGrantTheOwner() {
        assertEquals(0100755, FakeSuper.diskMode(FileMode.S_IFREG, 0104755));
        assertEquals(0100600, FakeSuper.diskMode(FileMode.S_IFREG, 0100000));
        assertEquals(0100777, FakeSuper.diskMode(FileMode.S_IFREG, 0120777));
        assertEquals(040700, FakeSuper.diskMode(FileMode.S_IFDIR, 040000));
        assertEquals(040777, FakeSuper.diskMode(FileMode.S_IFDIR, 041777));
        assertEquals(0100640, FakeSuper.diskMode(FileMode.S_IFREG, 020640));
    }

    @Property(tries = 200)
    void statIsLeftOutOnlyWhenTheDiscSaysItAll(@ForAll("modes") int mode, @ForAll @IntRange(max = 3) int uid,
            @ForAll @IntRange(max = 3) int gid) {
        int disc = FakeSuper.diskMode(FileMode.S_IFREG, mode);
        boolean needed = FakeSuper.needsStat(disc, 0, 0, new StatXattr(mode, 1, 2, uid, gid));
        boolean plain = FileMode.isRegular(mode) && (mode & 07000) == 0 && (mode & 0600) == 0600 && uid == 0 && gid == 0;
        assertEquals(!plain, needed);
    }

    @Test
    void xattrNamesMapBothWays() {
        assertEquals("user.x", ascii(FakeSuper.storedName(b("user.x"))));
        assertEquals("user.rsync.trusted.x", ascii(FakeSuper.storedName(b("trusted.x"))));
        assertEquals("user.rsync.security.selinux", ascii(FakeSuper.storedName(b("security.selinux"))));
        assertNull(FakeSuper.storedName(b("user.rsync.%stat")));
        assertNull(FakeSuper.storedName(b("user.rsync.%anything")));
        assertEquals("user.rsync.rsync.%stat", ascii(FakeSuper.storedName(b("rsync.%stat"))));
        assertEquals("user.rsync.rsync.x", ascii(FakeSuper.storedName(b("rsync.x"))));

        assertEquals("trusted.x", ascii(FakeSuper.clientName(b("user.rsync.trusted.x"))));
        assertEquals("user.x", ascii(FakeSuper.clientName(b("user.x"))));
        assertEquals("user.rsync.mine", ascii(FakeSuper.clientName(b("user.rsync.mine"))));
        assertNull(FakeSuper.clientName(b("user.rsync.%stat")));
        assertNull(FakeSuper.clientName(b("user.rsync.%aacl")));
        assertNull(FakeSuper.clientName(b("trusted.admin")));
        assertNull(FakeSuper.clientName(b("security.selinux")));
    }

    @Property(tries = 200)
    void clientNamesSurviveTheRoundTrip(@ForAll("clientNames") String name) {
        byte[] stored = FakeSuper.storedName(b(name));
        if (stored == null) {
            assertTrue(name.startsWith("user.rsync.%"), name);
            return;
        }
        assertTrue(ascii(stored).startsWith("user."));
        assertEquals(name, ascii(FakeSuper.clientName(stored)));
    }

    @Provide
    Arbitrary<String> clientNames() {
        return Arbitraries.of("user.", "trusted.", "security.", "user.rsync.", "user.rsync.%")
                .flatMap(ns -> Arbitraries.strings().withChars("abc.%_-").ofMinLength(1).ofMaxLength(8).map(s -> ns + s));
    }

    @Property(tries = 200)
    void aclBytesRoundTrip(@ForAll @IntRange(max = 7) int user, @ForAll @IntRange(max = 7) int group,
            @ForAll @IntRange(max = 7) int other, @ForAll @IntRange(max = 8) int names) {
        List<RsyncAcl.IdAccess> ids = new ArrayList<>();
        for (int i = 0; i < names; i++) ids.add(new RsyncAcl.IdAccess(1000 + i, (i % 8) | (i % 2 == 0 ? RsyncAcl.NAME_IS_USER : 0)));
        RsyncAcl acl = new RsyncAcl(user, group, names > 0 ? 7 : RsyncAcl.NO_ENTRY, other, ids);
        byte[] v = acl.toXattrValue();
        assertEquals(16 + 8 * names, v.length);
        assertEquals(acl, RsyncAcl.fromXattrValue(v, 0));
    }

    @Test
    void aclBytesAreLittleEndianWordsAndNoEntryIsFilledFromTheMode() {
        RsyncAcl acl = new RsyncAcl(RsyncAcl.NO_ENTRY, 5, 7, RsyncAcl.NO_ENTRY, List.of(new RsyncAcl.IdAccess(0x01020304, 6 | RsyncAcl.NAME_IS_USER)));
        assertArrayEquals(new byte[] {(byte) 0x80, 0, 0, 0, 5, 0, 0, 0, 7, 0, 0, 0, (byte) 0x80, 0, 0, 0, 4, 3, 2, 1, 6, 0, 0, (byte) 0x80},
                acl.toXattrValue());
        RsyncAcl back = RsyncAcl.fromXattrValue(acl.toXattrValue(), 0754);
        assertEquals(7, back.userObj());
        assertEquals(5, back.groupObj());
        assertEquals(4, back.otherObj());
        assertNull(RsyncAcl.fromXattrValue(new byte[15], 0));
        assertNull(RsyncAcl.fromXattrValue(new byte[20], 0));
        assertTrue(back.equalEnough(acl, 0754));
        assertFalse(RsyncAcl.EMPTY.equalEnough(acl, 0754));
        assertTrue(RsyncAcl.EMPTY.equalEnough(RsyncAcl.EMPTY, 0644));
    }

    @Test
    void tempNamesAreRsyncs() {
        String t = ascii(Fds.tempName(b("file.txt")));
        assertTrue(t.matches("\\.file\\.txt\\.[A-Za-z0-9]{6}"), t);
        assertTrue(ascii(Fds.tempName(b(".hidden"))).matches("\\.hidden\\.[A-Za-z0-9]{6}"));
        assertTrue(ascii(Fds.tempName(b("dot."))).matches("\\.dot\\.[A-Za-z0-9]{6}"));
        byte[] longName = b("x".repeat(255));
        assertEquals(255, Fds.tempName(longName).length);
        byte[] utf8 = ("x".repeat(246) + "é").getBytes(StandardCharsets.UTF_8);
        String cut = new String(Fds.tempName(utf8), StandardCharsets.UTF_8);
        assertFalse(cut.contains("\ufffd"), "not cut inside a UTF-8 sequence");
    }

    @Property(tries = 200)
    void validPathsRoundTrip(@ForAll("components") List<String> parts) throws Exception {
        String joined = String.join("/", parts);
        StorePath p = StorePath.parse(joined);
        assertEquals(parts.size(), p.depth());
        assertArrayEquals(b(joined), p.bytes());
        assertEquals(p, StorePath.parse(p.bytes()));
    }

    @Provide
    Arbitrary<List<String>> components() {
        return Arbitraries.strings().withChars("ab.-_ \n").ofMinLength(1).ofMaxLength(12)
                .filter(s -> !s.equals(".") && !s.equals("..")).list().ofMinSize(1).ofMaxSize(6);
    }

    @Property(tries = 200)
    void anyDotDotComponentIsRejected(@ForAll("components") List<String> parts, @ForAll @IntRange(max = 6) int at) {
        List<String> l = new ArrayList<>(parts);
        l.add(Math.min(at, l.size()), "..");
        assertThrows(UnsafePathException.class, () -> StorePath.parse(String.join("/", l)));
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String ascii(byte[] v) {
        return new String(v, StandardCharsets.UTF_8);
    }

}
