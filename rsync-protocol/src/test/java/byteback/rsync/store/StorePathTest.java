package byteback.rsync.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StorePathTest {

    @Test
    void parsesRelativeNames() throws Exception {
        StorePath p = StorePath.parse("usr/lib/x y");
        assertEquals(3, p.depth());
        assertArrayEquals("x y".getBytes(StandardCharsets.UTF_8), p.name());
        assertEquals(StorePath.parse("usr/lib"), p.parent());
        assertEquals(StorePath.ROOT, StorePath.parse("."));
        assertArrayEquals(".".getBytes(), StorePath.ROOT.bytes());
        assertArrayEquals("usr/lib/x y".getBytes(StandardCharsets.UTF_8), p.bytes());
        assertEquals(p, StorePath.parse("usr").resolve("lib").resolve("x y"));
        assertTrue(StorePath.parse("usr").contains(p));
        assertTrue(StorePath.ROOT.contains(p));
    }

    @Test
    void acceptsOddButSafeNames() throws Exception {
        StorePath.parse("-leading-dash");
        StorePath.parse("new\nline");
        StorePath.parse("...");
        StorePath.parse(".hidden/..x/x..");
        StorePath.parse(new byte[] {(byte) 0xff, (byte) 0xfe});
        StorePath.parse("a".repeat(255));
        StorePath.parse(("b".repeat(254) + "/").repeat(16) + "c".repeat(15));
    }

    @Test
    void rejectsHostileNames() {
        for (String bad : new String[] {"", "/etc/passwd", "..", "../x", "a/../../x", "a/..", "a//b",
                "a/", "/", "./a", "a/./b", "a\0b", "a".repeat(256), "x/" + "a".repeat(256)}) {
            assertThrows(UnsafePathException.class, () -> StorePath.parse(bad), bad);
        }
        assertThrows(UnsafePathException.class, () -> StorePath.parse(("b".repeat(254) + "/").repeat(16) + "c".repeat(16)));
        assertThrows(UnsafePathException.class, () -> StorePath.ROOT.resolve("a/b"));
        assertThrows(UnsafePathException.class, () -> StorePath.ROOT.resolve(".."));
        assertThrows(UnsafePathException.class, () -> StorePath.ROOT.resolve(""));
    }

    @Test
    void messagesNameTheProblem() {
        UnsafePathException e = assertThrows(UnsafePathException.class, () -> StorePath.parse("a/../b"));
        assertTrue(e.getMessage().contains("'..'"), e.getMessage());
        assertTrue(e.getMessage().contains("a/../b"), e.getMessage());
    }
}
