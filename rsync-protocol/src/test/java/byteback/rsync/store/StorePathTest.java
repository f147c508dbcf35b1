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
        // each is accepted as exactly the name given: same bytes, same number of components
        String[][] cases = {{"-leading-dash", "1"}, {"new\nline", "1"}, {"...", "1"}, {".hidden/..x/x..", "3"},
            {"a".repeat(255), "1"}, {("b".repeat(254) + "/").repeat(16) + "c".repeat(15), "17"}};
        for (String[] c : cases) {
            StorePath p = StorePath.parse(c[0]);
            assertArrayEquals(c[0].getBytes(StandardCharsets.UTF_8), p.bytes(), c[0]);
            assertEquals(Integer.parseInt(c[1]), p.depth(), c[0]);
        }
        byte[] notUtf8 = {(byte) 0xff, (byte) 0xfe};
        StorePath raw = StorePath.parse(notUtf8);
        assertArrayEquals(notUtf8, raw.bytes(), "bytes that are not UTF-8 are kept as they are");
        assertArrayEquals(notUtf8, raw.name());
        assertEquals(StorePath.parse(".hidden/..x"), StorePath.parse(".hidden/..x/x..").parent());
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
