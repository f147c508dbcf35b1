package byteback.rsync.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.receiver.ReceiveListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Incremental recursion (the client offered 'i', so the server accepts it): the sub-lists a client
 * sends between the file data name their directory by its index; a list for a directory that does
 * not exist, a second list for one directory, a list after the end of the lists, or entries that
 * are not in the list's directory end the session with a protocol error, and nothing outside the
 * destination moves. An honest session with two lists is received.
 */
class IncrementalListAttacksTest {
    private static final String FLAGS = "-rlDe.iLsfxCIu";
    private static final int NDX_FLIST_EOF = -2;
    private static final int NDX_FLIST_OFFSET = -101;
    private Sandbox box;

    @BeforeEach
    void setUp() throws IOException {
        box = new Sandbox();
    }

    @AfterEach
    void tearDown() throws IOException {
        box.close();
    }

    /** The first list: "." (dir 0, index 1), "f" (2), "d" (dir 1, index 3). */
    private static EvilClient firstList() {
        return new EvilClient().hello().dir(".").file("f", 4).dir("d").endOfList();
    }

    private EvilClient subList(EvilClient c, int dir) {
        return c.io(() -> c.ndx.write(NDX_FLIST_OFFSET - dir));
    }

    @Test
    void twoListsAreReceived() throws IOException {
        byte[] content = EvilClient.bytes("new\n");
        EvilClient c = firstList();
        subList(c, 1).file("d/g", content.length).endOfList(); // d's list: "d/g" is index 5 (d itself 4)
        c.io(() -> c.ndx.write(NDX_FLIST_EOF));
        int split = c.mark();
        c.literal(2, content).literal(5, content);
        c.io(() -> c.ndx.write(-1)); // the first list freed; the second's NDX_DONE ends phase 0
        // the data waits until the generator has made d, as an honest client's data comes only after
        // the generator asked for it (sent at once, d/g could arrive before d exists: exit 23)
        GatedInput in = new GatedInput(c.done().bytes(), split,
                () -> Files.isDirectory(box.dest.resolve("d"), LinkOption.NOFOLLOW_LINKS));
        Sandbox.Outcome o = box.serve(List.of("--server", FLAGS, ".", box.dest.toString()), in, ReceiveListener.NONE);
        assertTrue(in.openedByGate(), "the generator made d");
        assertEquals(0, o.exit(), o.messages());
        assertEquals("new\n", Files.readString(box.dest.resolve("f")));
        assertEquals("new\n", Files.readString(box.dest.resolve("d/g")));
        box.assertOutsideUntouched();
    }

    @Test
    void aListForAnUnknownDirectoryIsRefused() {
        EvilClient c = firstList();
        subList(c, 7).file("x", 1).endOfList();
        assertRefused(box.serve(FLAGS, c.done().bytes()), "Invalid dir index: 7");
    }

    @Test
    void aSecondListForOneDirectoryIsRefused() {
        EvilClient c = firstList();
        subList(c, 1).file("d/g", 1).endOfList();
        subList(c, 1).file("d/h", 1).endOfList();
        assertRefused(box.serve(FLAGS, c.done().bytes()), "duplicate flist for dir 1");
    }

    @Test
    void entriesOutsideTheListsDirectoryAreRefused() {
        EvilClient c = firstList();
        subList(c, 1).file("elsewhere", 1).endOfList();
        assertRefused(box.serve(FLAGS, c.done().bytes()), "invalid path from sender: elsewhere");
    }

    @Test
    void aListAfterTheLastIsRefused() {
        EvilClient c = firstList();
        c.io(() -> c.ndx.write(NDX_FLIST_EOF));
        subList(c, 1).file("d/g", 1).endOfList();
        assertRefused(box.serve(FLAGS, c.done().bytes()), "after the end of the file lists");
    }

    private void assertRefused(Sandbox.Outcome o, String words) {
        assertEquals(12, o.exit(), o.messages());
        assertTrue(o.messages().contains(words), "expected '" + words + "' in: " + o.messages());
        assertTrue(!Files.exists(box.dest.resolve("d/g")) && !Files.exists(box.dest.resolve("elsewhere")),
                "no entry of a refused list is stored");
        box.assertOutsideUntouched();
    }
}
