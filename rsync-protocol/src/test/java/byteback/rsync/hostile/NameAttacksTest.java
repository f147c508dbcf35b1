package byteback.rsync.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Names no receiver may act on, sent through a whole session by the evil client: each ends the
 * session with exit 12 and a message, DEST keeps exactly what was stored, nothing beside it moves.
 */
class NameAttacksTest {
    private static final String FLAGS = "-rlDHe.LsfxCIu";
    private Sandbox box;
    private Map<String, String> stored;

    @BeforeEach
    void setUp() throws IOException {
        box = new Sandbox();
        Files.writeString(box.dest.resolve("f"), "stored\n");
        Files.createDirectory(box.dest.resolve("d"));
        stored = box.digestDest();
    }

    @AfterEach
    void tearDown() throws IOException {
        box.close();
    }

    private void assertRefused(Sandbox.Outcome o, String... words) {
        assertEquals(12, o.exit(), o.messages());
        for (String w : words) {
            assertTrue(o.messages().contains(w), "expected '" + w + "' in: " + o.messages());
        }
        assertEquals(stored, box.digestDest(), "what is stored stays as it was");
        box.assertOutsideUntouched();
    }

    /** Writes the name (as it would land) and, if the list were accepted, its content. */
    private byte[] sessionWith(byte[] name, String flags) {
        byte[] content = EvilClient.bytes("evil\n");
        return new EvilClient().hello().dir(".").entry(0, name, content.length, 0100644, null).endOfList()
                .literal(1, content).done().bytes();
    }

    @Test
    void anHonestSessionThroughTheToolkitIsReceived() throws IOException {
        byte[] content = EvilClient.bytes("new\n");
        byte[] s = new EvilClient().hello().dir(".").dir("d").file("d/g", content.length).file("f", content.length)
                .symlink("l", "/etc/passwd").endOfList()
                .literal(1, content).literal(4, content).done().bytes(); // sorted: . f l d d/g
        Sandbox.Outcome o = box.serve(FLAGS, s);
        assertEquals(0, o.exit(), o.messages());
        assertEquals("new\n", Files.readString(box.dest.resolve("d/g")));
        assertEquals("new\n", Files.readString(box.dest.resolve("f")));
        assertTrue(Files.isRegularFile(box.dest.resolve("l"), java.nio.file.LinkOption.NOFOLLOW_LINKS),
                "a symlink is stored as a regular file");
        box.assertOutsideUntouched();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/etc/passwd", "../outside/secret", "d/../../outside/secret", "..", "d/..",
            "./../outside/secret", "d/./../../x"})
    void absoluteAndDotDotNamesAreRefused(String name) {
        assertRefused(box.serve(FLAGS, sessionWith(EvilClient.bytes(name), FLAGS)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/../outside/secret", "//../outside/secret", "/d/../../outside/secret", "d/../.."})
    void dotDotIsRefusedUnderRelativeToo(String name) {
        // --relative strips a leading '/', never a '..'
        assertRefused(box.serve("-rlDHRe.LsfxCIu", sessionWith(EvilClient.bytes(name), "-rlDHRe.LsfxCIu")));
    }

    @Test
    void anImpliedDirectoryWithDotDotIsRefused() {
        byte[] s = new EvilClient().hello().dir(".").dir("/d/..").entry(0, EvilClient.bytes("/d/../x"), 1,
                0100644, null).endOfList().bytes();
        assertRefused(box.serve("-rlDHRe.LsfxCIu", s));
    }

    @Test
    void aNulByteInANameIsRefused() {
        assertRefused(box.serve(FLAGS, sessionWith("f\0/../../outside/secret".getBytes(StandardCharsets.UTF_8),
                FLAGS)));
    }

    @Test
    void aNulByteInASymlinkTargetIsRefused() {
        byte[] s = new EvilClient().hello().dir(".").entry(0, EvilClient.bytes("l"), 3, 0120777,
                new byte[] {'a', 0, 'b'}).endOfList().done().bytes();
        assertRefused(box.serve(FLAGS, s), "NUL");
    }

    @Test
    void namesCollidingUnderRelativeAreRefused() {
        // "/f" and "f" both land on DEST/f once --relative strips the root
        byte[] s = new EvilClient().hello().dir(".").file("/f", 4).file("f", 4).endOfList()
                .literal(1, EvilClient.bytes("one\n")).literal(2, EvilClient.bytes("two\n")).done().bytes();
        Sandbox.Outcome o = box.serve("-rlDHRe.LsfxCIu", s);
        assertRefused(o);
    }

    @Test
    void duplicateNamesKeepOneEntry() throws IOException {
        // rsync drops exact duplicates (flist.c clean_flist); only one file "g" may result
        byte[] c = EvilClient.bytes("dup\n");
        byte[] s = new EvilClient().hello().dir(".").file("g", 4).file("g", 4).file("./g", 4).file("d//g", 4)
                .file("d/./g", 4).endOfList().literal(1, c).done().bytes();
        Sandbox.Outcome o = box.serve(FLAGS, s);
        assertEquals(0, o.exit(), o.messages());
        box.assertOutsideUntouched();
        // the data sent for the first "g" is what is stored under g, as one regular file, and the
        // duplicates (g, ./g, d//g, d/./g) leave no other entry behind (before: the test accepted
        // exit 0 or 12 and an absent g, so it held whatever the receiver did)
        assertTrue(Files.isRegularFile(box.dest.resolve("g"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
        assertEquals("dup\n", Files.readString(box.dest.resolve("g")));
        java.util.Set<String> expected = new java.util.TreeSet<>(stored.keySet());
        expected.add("g");
        assertEquals(expected, new java.util.TreeSet<>(box.digestDest().keySet()), "no stray entries");
    }

    @Test
    void anOverlongPathIsRefused() {
        String name = "d/" + "n".repeat(200) + ("/" + "n".repeat(200)).repeat(20); // > 4095 bytes
        assertRefused(box.serve(FLAGS, sessionWith(EvilClient.bytes(name), FLAGS)));
    }

    @Test
    void anOverlongComponentIsRefused() {
        assertRefused(box.serve(FLAGS, sessionWith(EvilClient.bytes("d/" + "n".repeat(256)), FLAGS)));
    }

    @Test
    void aPathOfThreeHundredComponentsIsStoredInside() throws IOException {
        EvilClient c = new EvilClient().hello().dir(".");
        StringBuilder p = new StringBuilder("a");
        c.dir(p.toString());
        for (int i = 1; i < 300; i++) {
            p.append("/a");
            c.dir(p.toString());
        }
        byte[] content = EvilClient.bytes("deep\n");
        c.file(p + "/f", content.length).endOfList();
        int split = c.mark();
        c.literal(301, content).done();
        java.nio.file.Path deepest = box.dest.resolve(p.toString());
        Sandbox.Outcome o = box.serve(java.util.List.of("--server", FLAGS, ".", box.dest.toString()),
                new GatedInput(c.bytes(), split, () -> Files.isDirectory(deepest)),
                byteback.rsync.receiver.ReceiveListener.NONE);
        // rsync has no limit on depth either: 300 components in 600 bytes are a legal path
        assertEquals(0, o.exit(), o.messages());
        assertEquals("deep\n", Files.readString(deepest.resolve("f")));
        box.assertOutsideUntouched();
    }
}
