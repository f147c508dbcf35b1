package byteback.client.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RsyncFlagsTest {
    @Test
    void oneALineOrAllOnOne() {
        RsyncFlags a = RsyncFlags.parse("--xattrs\n--acls\n--hard-links\n");
        RsyncFlags b = RsyncFlags.parse("--xattrs --acls --hard-links");
        assertEquals(a, b);
        assertTrue(a.acls() && a.hardLinks() && a.xattrs());
        assertFalse(a.compress());
    }

    @Test
    void shortBundlesAndValues() {
        RsyncFlags f = RsyncFlags.parse("-HAXxzcS\n--bwlimit=2m\n# a comment\n--compress-level 3\n");
        assertTrue(f.hardLinks() && f.acls() && f.xattrs() && f.compress() && f.checksum() && f.sparse());
        assertEquals(1, f.oneFileSystem());
        assertEquals(2048, f.bwlimitKiB());
        assertEquals(3, f.compressLevel());
        assertEquals(100, RsyncFlags.parse("--bwlimit=100").bwlimitKiB());
    }

    @Test
    void refusesTheRestByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RsyncFlags.parse("--xattrs --remove-source-files"));
        assertTrue(e.getMessage().contains("--remove-source-files"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RsyncFlags.parse("-HW"));
        assertTrue(e.getMessage().contains("-W"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RsyncFlags.parse("/etc"));
        assertThrows(IllegalArgumentException.class, () -> RsyncFlags.parse("--bwlimit=fast"));
    }
}
