package byteback.rsync.flist;

import byteback.rsync.protocol.XFlags;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.wire.ProtocolException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Hand-built file-list streams from a hostile sender: each must end with a clear error. */
class HostileStreamTest {
    static final int REG = 0100644;
    static final int DIR = 040755;
    static final int LNK = 0120777;

    static final int TOP_DIR = XFlags.XMIT_TOP_DIR;
    static final int SAME_MODE = XFlags.XMIT_SAME_MODE;
    static final int SAME_NAME = XFlags.XMIT_SAME_NAME;
    static final int LONG_NAME = XFlags.XMIT_LONG_NAME;
    static final int SAME_TIME = XFlags.XMIT_SAME_TIME;
    static final int HLINKED = XFlags.XMIT_HLINKED;
    static final int HLINK_FIRST = XFlags.XMIT_HLINK_FIRST;
    static final int MOD_NSEC = XFlags.XMIT_MOD_NSEC;

    /** Options for a test stream; the reader's config is derived from them. */
    record Opts(boolean links, boolean hardLinks, boolean xattrs, boolean acls, boolean relative,
            boolean ids, FileListLimits limits) {
        static Opts plain() {
            return new Opts(true, false, false, false, false, false, FileListLimits.defaults());
        }

        Opts withHardLinks() {
            return new Opts(links, true, xattrs, acls, relative, ids, limits);
        }

        Opts withXattrs() {
            return new Opts(links, hardLinks, true, acls, relative, ids, limits);
        }

        Opts withAcls() {
            return new Opts(links, hardLinks, xattrs, true, relative, ids, limits);
        }

        Opts withRelative() {
            return new Opts(links, hardLinks, xattrs, acls, true, ids, limits);
        }

        Opts withIds() {
            return new Opts(links, hardLinks, xattrs, acls, relative, true, limits);
        }

        Opts with(FileListLimits l) {
            return new Opts(links, hardLinks, xattrs, acls, relative, ids, l);
        }

        FileListConfig config(int protocol, boolean varint) {
            return new FileListConfig(protocol, varint, false, true, ids, ids, links, true, true,
                    hardLinks, xattrs, acls, false, false, relative, !ids, 0, 16, limits);
        }
    }

    /** Builds entries in varint-flag mode, protocol 32. */
    static final class Stream {
        final WireBuilder w = new WireBuilder();
        final Opts o;

        Stream(Opts o) {
            this.o = o;
        }

        Stream entry(int flags, String name, int mode) {
            return entry(flags, name.getBytes(StandardCharsets.UTF_8), mode, 1000);
        }

        Stream entry(int flags, byte[] name, int mode, long mtime) {
            if (name.length > 255) {
                flags |= LONG_NAME;
            }
            w.varint(flags);
            if ((flags & LONG_NAME) != 0) {
                w.varint(name.length);
            } else {
                w.b(name.length);
            }
            w.bytes(name);
            w.varlong(0, 3);
            if ((flags & SAME_TIME) == 0) {
                w.varlong(mtime, 4);
            }
            if ((flags & SAME_MODE) == 0) {
                w.i32(mode);
            }
            return this;
        }

        /** An entry with the standard trailer for the options (empty xattr set, ACLs). */
        Stream file(String name) {
            entry(0x4 /* placeholder flag */, name, REG);
            return trailer(false);
        }

        Stream dir(String name) {
            entry(TOP_DIR, name, DIR);
            return trailer(true);
        }

        Stream trailer(boolean dir) {
            if (o.acls) {
                emptyAcl();
                if (dir) {
                    emptyAcl();
                }
            }
            if (o.xattrs) {
                w.varint(0).varint(0);
            }
            return this;
        }

        Stream emptyAcl() {
            w.varint(0).b(0);
            return this;
        }

        Stream end(int ioError) {
            w.varint(0).varint(ioError);
            if (o.ids) {
                w.varint(0).b(0).varint(0).b(0); // empty lists, id0 names empty
            }
            return this;
        }

        byte[] bytes() {
            return w.toBytes();
        }

        FileList read() throws IOException {
            return new FileListReader(o.config(32, true)).read(new BytesWireInput(bytes()));
        }
    }

    static Stream stream() {
        return new Stream(Opts.plain());
    }

    static ProtocolException rejects(Stream s) {
        return assertThrows(ProtocolException.class, s::read);
    }

    static void assertMessage(ProtocolException e, String part) {
        assertTrue(e.getMessage().contains(part), e.getMessage());
    }

    @Test
    void aValidListReads() throws IOException {
        FileList l = stream().dir(".").file("b").file("a").dir("d").file("d/x").end(0).read();
        assertEquals(Arrays.asList(".", "a", "b", "d", "d/x"),
                l.entries().stream().map(FileEntry::name).toList());
        assertEquals(FileEntry.FLAG_TOP_DIR | FileEntry.FLAG_CONTENT_DIR, l.get(0).flags());
    }

    @Test
    void anEmptyListIsFine() throws IOException {
        assertEquals(0, stream().end(0).read().size());
    }

    @Test
    void onlyDirectoriesMayBeNamedDot() {
        assertMessage(rejects(stream().dir("x").file("x/.").end(0)), "named \".\"");
    }

    @Test
    void absoluteNamesAreRefusedWithoutRelative() {
        assertMessage(rejects(stream().file("/etc/passwd").end(0)), "unsafe pathname");
    }

    @Test
    void absoluteNamesAreStrippedWithRelative() throws IOException {
        FileList l = new Stream(Opts.plain().withRelative()).dir("/.").dir("/etc")
                .file("/etc/passwd").end(0).read();
        assertEquals(Arrays.asList(".", "etc", "etc/passwd"),
                l.entries().stream().map(FileEntry::name).toList());
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "a/../b", "a/..", "a/b/../../..", "./..", "a//..//b"})
    void dotDotComponentsAreRefused(String name) {
        assertMessage(rejects(stream().file(name).end(0)), "\"..\" component");
    }

    @Test
    void dotDotIsRefusedAfterTheRootToo() {
        assertMessage(rejects(new Stream(Opts.plain().withRelative()).file("/../etc").end(0)),
                "\"..\"");
    }

    @Test
    void namesAreCleanedAsRsyncCleansThem() throws IOException {
        FileList l = stream().file("a//b/./c/").end(0).read();
        assertEquals("a/b/c", l.get(0).name());
        // "..." and "..a" are ordinary names
        assertEquals("...", stream().file("...").end(0).read().get(0).name());
        assertEquals("..a", stream().file("..a").end(0).read().get(0).name());
    }

    @Test
    void nulBytesInNamesAreRefused() {
        assertMessage(rejects(stream().entry(4, new byte[] {'a', 0, 'b'}, REG, 1).end(0)), "NUL");
    }

    @Test
    void emptyNamesAreRefused() {
        assertMessage(rejects(stream().entry(4, new byte[0], REG, 1).end(0)), "empty file name");
    }

    @Test
    void overlongNamesAndComponentsAreRefused() throws IOException {
        byte[] path = ("d/" + "x".repeat(250) + "/").repeat(17).getBytes(StandardCharsets.US_ASCII);
        assertTrue(path.length > 4095);
        assertMessage(rejects(stream().entry(4 | LONG_NAME, path, REG, 1).end(0)), "overflow");
        assertMessage(rejects(stream().file("a/" + "c".repeat(256)).end(0)), "longer than 255");
        assertEquals(255, stream().file("c".repeat(255)).end(0).read().get(0).path().length);
        // a negative long-name length
        Stream s = stream();
        s.w.varint(4 | LONG_NAME).varint(-5);
        assertMessage(rejects(s), "overflow");
    }

    @Test
    void sharedPrefixLongerThanThePreviousNameIsRefused() {
        Stream s = stream().file("ab");
        s.w.varint(4 | SAME_NAME).b(3).b(1).str("c");
        assertMessage(rejects(s), "shares 3 bytes");
    }

    @Test
    void symlinkTargetsAreBounded() throws IOException {
        Stream ok = stream();
        ok.entry(4, "l", LNK);
        ok.w.varint(4).str("dest");
        assertEquals("dest", new String(ok.end(0).read().get(0).symlinkTarget(),
                StandardCharsets.UTF_8));
        for (int len : new int[] {4096, -1, Integer.MAX_VALUE}) {
            Stream s = stream();
            s.entry(4, "l", LNK);
            s.w.varint(len);
            assertMessage(rejects(s), "symlink target length");
        }
        Stream nul = stream();
        nul.entry(4, "l", LNK);
        nul.w.varint(3).b('a').b(0).b('b');
        assertMessage(rejects(nul.end(0)), "NUL");
    }

    @Test
    void exactDuplicatesAreRemovedButKeepTheirIndex() throws IOException {
        FileList l = stream().file("a").file("b").file("a").end(0).read();
        assertEquals(3, l.size());
        assertEquals(1, l.entries().stream().filter(FileEntry::removed).count());
        assertFalse(l.get(0).removed());
        assertEquals("a", l.get(1).name());
        assertTrue(l.get(1).removed(), "the later duplicate is dropped");
    }

    @Test
    void aDirectoryWinsOverAFileOfTheSameName() throws IOException {
        FileList l = stream().file("x").dir("x").file("x/y").end(0).read();
        FileEntry file = l.entries().stream().filter(e -> !e.isDirectory() && e.name().equals("x"))
                .findFirst().orElseThrow();
        assertTrue(file.removed());
        assertFalse(l.entries().stream().filter(FileEntry::isDirectory).findFirst().orElseThrow()
                .removed());
    }

    @Test
    void namesCollidingAfterRootStrippingAreRefused() {
        assertMessage(rejects(new Stream(Opts.plain().withRelative()).file("/a").file("a").end(0)),
                "colliding");
        assertMessage(rejects(stream().file("x").dir("x/.").end(0)), "colliding");
    }

    @Test
    void negativeSizesAreRefused() {
        Stream s = stream();
        s.w.varint(4).b(1).str("f").varlong(-1, 3).varlong(0, 4).i32(REG);
        assertMessage(rejects(s.end(0)), "negative file length");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 0170644, 0100644 | 0x10000})
    void impossibleModesAreRefused(int mode) {
        assertMessage(rejects(stream().entry(4, "f", mode).end(0)), "invalid file mode");
    }

    @Test
    void sameModeOnTheFirstEntryIsRefused() {
        assertMessage(rejects(stream().entry(4 | SAME_MODE, "f", 0).end(0)), "invalid file mode");
    }

    @Test
    void theTransferRootMustBeADirectory() {
        assertMessage(rejects(stream().file(".").end(0)), "transfer-root");
    }

    @Test
    void nanosecondsAreBounded() {
        Stream s = stream();
        s.w.varint(4 | MOD_NSEC).b(1).str("f").varlong(0, 3).varlong(0, 4).varint(1_000_000_000);
        assertMessage(rejects(s), "nanoseconds");
    }

    @ParameterizedTest
    @ValueSource(ints = {1 << 15, 1 << 16, 1 << 18, 1 << 30})
    void unknownFlagsAreRefused(int flag) {
        assertMessage(rejects(stream().entry(4 | flag, "f", REG).end(0)), "unknown file-list flags");
    }

    @Test
    void ioErrorEndsTheListAndIsMasked() throws IOException {
        assertEquals(3, stream().file("f").end(0xff03).read().ioError());
    }

    @Test
    void byteFlagsWithSafeEndMarker() throws IOException {
        WireBuilder w = new WireBuilder();
        w.b(0x04).b(0).b(1).str("f").varlong(5, 3).varlong(7, 4).i32(REG); // extended, 2 bytes
        w.b(SAME_TIME | SAME_MODE | SAME_NAME).b(1).b(1).str("g").varlong(6, 3);
        w.b(0x04).b(0x10).varint(1); // XMIT_EXTENDED_FLAGS|XMIT_IO_ERROR_ENDLIST, io_error 1
        byte[] bytes = w.toBytes();
        FileList l = new FileListReader(Opts.plain().config(31, false))
                .read(new BytesWireInput(bytes));
        assertEquals(1, l.ioError());
        assertEquals("fg", l.get(1).name());
        assertEquals(7, l.get(1).mtime());
        assertEquals(6, l.get(1).size());
        // protocol 30 without CF_SAFE_FLIST may not use that end marker
        ProtocolException e = assertThrows(ProtocolException.class,
                () -> new FileListReader(Opts.plain().config(30, false))
                        .read(new BytesWireInput(bytes)));
        assertMessage(e, "Invalid flist flag");
    }

    @Test
    void hardLinkReferencesMustPointBackToAGroupsFirstEntry() throws IOException {
        Opts o = Opts.plain().withHardLinks();
        // valid: first, then a reference to it
        Stream ok = new Stream(o).entry(4 | HLINKED | HLINK_FIRST, "b", REG);
        ok.w.varint(HLINKED).b(1).str("a").varint(0);
        FileList l = ok.end(0).read();
        assertEquals(0, l.get(0).hardLinkFirst(), "a sorts first and leads the group");
        assertEquals(0, l.get(1).hardLinkFirst());
        assertEquals(REG, l.get(0).mode(), "the abbreviated entry copies the first's attributes");

        for (int ndx : new int[] {1, 2, -1, 1 << 30}) {
            Stream s = new Stream(o).entry(4 | HLINKED | HLINK_FIRST, "b", REG);
            s.w.varint(HLINKED).b(1).str("a").varint(ndx);
            assertMessage(rejects(s.end(0)), "hard-link reference out of range");
        }
        Stream notFirst = new Stream(o).file("plain");
        notFirst.w.varint(HLINKED).b(1).str("a").varint(0);
        assertMessage(rejects(notFirst.end(0)), "not the first entry");

        assertMessage(rejects(new Stream(o).entry(4 | HLINKED | HLINK_FIRST, "d", DIR).end(0)),
                "hard-link flags on directory");
    }

    @Test
    void aLoneHardLinkIsAPlainFile() throws IOException {
        FileList l = new Stream(Opts.plain().withHardLinks())
                .entry(4 | HLINKED | HLINK_FIRST, "a", REG).end(0).read();
        assertEquals(-1, l.get(0).hardLinkFirst());
    }

    @Test
    void xattrsAreReadMappedAndBounded() throws IOException {
        Opts o = Opts.plain().withXattrs();
        Stream s = new Stream(o).entry(4, "a", REG);
        s.w.varint(0).varint(3);
        s.w.varint(7).varint(1).str("user.x").b(0).str("v");
        byte[] sum = new byte[16];
        Arrays.fill(sum, (byte) 7);
        s.w.varint(10).varint(100).str("trusted.t").b(0).bytes(sum);
        s.w.varint(17).varint(1).str("user.rsync.%stat").b(0).str("1");
        s.entry(4 | SAME_MODE | SAME_TIME, "b", REG);
        s.w.varint(1); // the same set as entry 0
        FileList l = s.end(0).read();
        XattrSet set = l.get(0).xattrs();
        assertTrue(set == l.get(1).xattrs(), "sets are shared by index");
        assertEquals(2, set.xattrs().size(), "user.rsync.%stat is not copied: " + set);
        Xattr t = set.xattrs().get(0);
        assertEquals("user.rsync.trusted.t", t.nameString());
        assertTrue(t.abbreviated());
        assertEquals(100, t.length());
        assertEquals(2, t.wireNumber());
        assertNull(t.value());
        Xattr x = set.xattrs().get(1);
        assertEquals("user.x", x.nameString());
        assertEquals("v", new String(x.value(), StandardCharsets.UTF_8));
        assertEquals(1, x.wireNumber());
    }

    @Test
    void xattrCountsLengthsAndIndicesAreBounded() {
        Opts o = Opts.plain().withXattrs();
        Stream count = new Stream(o).entry(4, "a", REG);
        count.w.varint(0).varint(65537);
        assertMessage(rejects(count), "xattr count");
        Stream negCount = new Stream(o).entry(4, "a", REG);
        negCount.w.varint(0).varint(-1);
        assertMessage(rejects(negCount), "xattr count");
        Stream nameLen = new Stream(o).entry(4, "a", REG);
        nameLen.w.varint(0).varint(1).varint(5000).varint(1);
        assertMessage(rejects(nameLen), "xattr name length");
        Stream valueLen = new Stream(o.with(new FileListLimits(10, 1 << 20, 1000, 10, 10)))
                .entry(4, "a", REG);
        valueLen.w.varint(0).varint(1).varint(7).varint(1001);
        assertMessage(rejects(valueLen), "per-value limit");
        Stream negValue = new Stream(o).entry(4, "a", REG);
        negValue.w.varint(0).varint(1).varint(7).varint(-3);
        assertMessage(rejects(negValue), "xattr value length");
        Stream index = new Stream(o).entry(4, "a", REG);
        index.w.varint(1);
        assertMessage(rejects(index), "xattr set index 1 out of range");
        Stream noNul = new Stream(o).entry(4, "a", REG);
        noNul.w.varint(0).varint(1).varint(6).varint(1).str("user.x").str("v");
        assertMessage(rejects(noNul), "trailing NUL");
        Stream innerNul = new Stream(o).entry(4, "a", REG);
        innerNul.w.varint(0).varint(1).varint(4).varint(1).b('u').b(0).b('x').b(0).str("v");
        assertMessage(rejects(innerNul), "NUL");
    }

    @Test
    void aclsAreReadCachedAndBounded() throws IOException {
        Opts o = Opts.plain().withAcls();
        Stream s = new Stream(o).entry(4, "a", 0100750);
        s.w.varint(0).b(0x10 | 0x1).varint(7).varint(1); // user_obj rwx, one named entry
        s.w.varint(1234).varint((5 << 2) | 2); // user 1234 r-x
        s.entry(4 | SAME_TIME, "b", REG);
        s.w.varint(1); // the same access ACL
        FileList l = s.end(0).read();
        Acl acl = l.get(0).accessAcl();
        assertTrue(acl == l.get(1).accessAcl());
        assertEquals(7, acl.userObj());
        assertEquals(Acl.NO_ENTRY, acl.groupObj());
        assertEquals(5, acl.maskObj(), "mask computed from the group bits of the mode");
        assertEquals(new Acl.AclEntry(true, 1234, 5, null), acl.names().get(0));

        Stream count = new Stream(o).entry(4, "a", REG);
        count.w.varint(0).b(0x10).varint(65537);
        assertMessage(rejects(count), "ACL entry count");
        Stream index = new Stream(o).entry(4, "a", REG);
        index.w.varint(2);
        assertMessage(rejects(index), "ACL index 2 out of range");
        Stream value = new Stream(o).entry(4, "a", REG);
        value.w.varint(0).b(0x1).varint(8);
        assertMessage(rejects(value), "ACL value out of range");
        Stream named = new Stream(o).entry(4, "a", REG);
        named.w.varint(0).b(0x10).varint(1).varint(1).varint(8 << 2);
        assertMessage(rejects(named), "access value out of range");
        Stream flags = new Stream(o).entry(4, "a", REG);
        flags.w.varint(0).b(0x20);
        assertMessage(rejects(flags), "unknown access ACL flags");
    }

    @Test
    void idListsAreReadAndNulsRefused() throws IOException {
        Opts o = Opts.plain().withIds();
        Stream s = new Stream(o).entry(4, "a", REG);
        s.w.varint(1000).varint(100); // uid, gid
        s.w.varint(0).varint(0); // end of list, io_error
        s.w.varint(1000).b(5).str("alice").varint(0).b(4).str("root"); // users, id0 name
        s.w.varint(100).b(5).str("staff").varint(0).b(0); // groups, id0 without name
        FileList l = new FileListReader(o.config(32, true)).read(new BytesWireInput(s.bytes()));
        assertEquals("alice", l.userNames().get(1000));
        assertEquals("root", l.userNames().get(0));
        assertEquals("staff", l.groupNames().get(100));
        assertFalse(l.groupNames().containsKey(0));
        assertEquals(1000, l.get(0).uid());
        assertEquals(100, l.get(0).gid());

        Stream nul = new Stream(o).entry(4, "a", REG);
        nul.w.varint(1).varint(1).varint(0).varint(0).varint(1).b(3).b('a').b(0).b('b');
        assertMessage(rejects(nul), "NUL");
    }

    @Test
    void limitsBoundTheWholeList() {
        Opts few = Opts.plain().with(new FileListLimits(3, 1 << 20, 100, 10, 10));
        assertMessage(rejects(new Stream(few).file("a").file("b").file("c").file("d").end(0)),
                "more than 3 entries");
        Opts small = Opts.plain().with(new FileListLimits(1000, 2000, 100, 10, 10));
        Stream s = new Stream(small);
        for (int i = 0; i < 40; i++) { // compact entries are charged ~75 bytes: 40 exceed 2000
            s.file("f" + i);
        }
        assertMessage(rejects(s.end(0)), "memory limit");
    }

    @Test
    void everyTruncationEndsWithEof() throws IOException {
        Opts o = new Opts(true, true, true, true, true, true, FileListLimits.defaults());
        WireBuilder w = new WireBuilder();
        w.varint(TOP_DIR).b(2).str("/.").varlong(4096, 3).varlong(-5, 4).i32(DIR)
                .varint(0).varint(0); // uid gid
        w.varint(0).b(1).varint(7).varint(0).b(0); // access ACL, default ACL
        w.varint(0).varint(1).varint(7).varint(1).str("user.a").b(0).str("v"); // xattrs
        w.varint(4 | HLINKED | HLINK_FIRST | MOD_NSEC | SAME_NAME).b(1).b(1).str("x")
                .varlong(1 << 20, 3).varlong(1L << 40, 4).varint(123).i32(REG).varint(7).varint(8);
        w.varint(1).varint(1); // cached ACL, cached xattrs
        w.varint(HLINKED | SAME_NAME).b(1).b(1).str("y").varint(1).varint(1).varint(1);
        w.varint(4 | SAME_NAME | LONG_NAME).b(1).varint(1).str("l").varlong(3, 3).varlong(1, 4)
                .i32(LNK).varint(7).varint(8).varint(3).str("abc").varint(1);
        w.varint(0).varint(0);
        w.varint(7).b(1).str("u").varint(0).b(1).str("r");
        w.varint(8).b(1).str("g").varint(0).b(0);
        byte[] full = w.toBytes();
        FileList l = new FileListReader(o.config(32, true)).read(new BytesWireInput(full));
        assertEquals(4, l.size());
        for (int len = 0; len < full.length; len++) {
            byte[] part = Arrays.copyOf(full, len);
            int n = len;
            assertThrows(EOFException.class,
                    () -> new FileListReader(o.config(32, true)).read(new BytesWireInput(part)),
                    () -> "prefix of " + n + " bytes");
        }
    }
}
