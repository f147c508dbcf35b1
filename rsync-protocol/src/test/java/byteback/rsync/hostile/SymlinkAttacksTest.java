package byteback.rsync.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.receiver.ReceiveListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Symlinks a client arranges to lead the receiver out of DEST: stored by an earlier run, planted
 * by another process, named as a parent in the same list, swapped in during the transfer, or
 * behind a hard link. Whatever the session's exit, nothing outside DEST may change.
 */
class SymlinkAttacksTest {
    private static final String FLAGS = "-rlDHe.LsfxCIu";
    private static final byte[] EVIL = EvilClient.bytes("evil\n");
    private Sandbox box;

    @BeforeEach
    void setUp() throws IOException {
        box = new Sandbox();
    }

    @AfterEach
    void tearDown() throws IOException {
        box.close();
    }

    private boolean isLink(String name) {
        return Files.isSymbolicLink(box.dest.resolve(name));
    }

    /**
     * Run 2 of the attack: directory a, file a/x with content (indices: . a a/x). The data of a/x
     * waits until a is a directory, as an honest client waits for the generator's request.
     */
    private Sandbox.Outcome sendIntoA(String flags) {
        EvilClient c = new EvilClient().hello().dir(".").dir("a").file("a/x", EVIL.length).endOfList();
        int split = c.mark();
        byte[] s = c.literal(2, EVIL).done().bytes();
        return box.serve(List.of("--server", flags, ".", box.dest.toString()), new GatedInput(s, split,
                () -> Files.isDirectory(box.dest.resolve("a"), LinkOption.NOFOLLOW_LINKS)), ReceiveListener.NONE);
    }

    @Test
    void aSymlinkFromAnEarlierRunIsStoredAsAFileAndReplacedByTheDirectory() throws IOException {
        Path target = box.outside.resolve("dir");
        Sandbox.Outcome run1 = box.serve(FLAGS, new EvilClient().hello().dir(".").symlink("a", target.toString())
                .endOfList().done().bytes());
        assertEquals(0, run1.exit(), run1.messages());
        assertFalse(isLink("a"), "fake-super stores a symlink as a regular file");
        assertEquals(target.toString(), Files.readString(box.dest.resolve("a")));

        Sandbox.Outcome run2 = sendIntoA(FLAGS);
        assertEquals(0, run2.exit(), run2.messages());
        assertTrue(Files.isDirectory(box.dest.resolve("a"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("evil\n", Files.readString(box.dest.resolve("a/x")));
        box.assertOutsideUntouched();
    }

    @Test
    void aPlantedDirectorySymlinkIsNeverEntered() throws IOException {
        Files.createSymbolicLink(box.dest.resolve("a"), box.outside.resolve("dir"));
        Sandbox.Outcome o = sendIntoA(FLAGS);
        box.assertOutsideUntouched();
        if (o.exit() == 0) {
            assertFalse(isLink("a"), "the symlink was replaced by a directory");
            assertEquals("evil\n", Files.readString(box.dest.resolve("a/x")));
        }
    }

    @Test
    void aPlantedSymlinkIsNotEnteredForAFileWithoutItsDirectoryEntry() throws IOException {
        Files.createSymbolicLink(box.dest.resolve("a"), box.outside.resolve("dir"));
        Sandbox.Outcome o = box.serve(FLAGS, new EvilClient().hello().dir(".").file("a/x", EVIL.length).endOfList()
                .literal(1, EVIL).done().bytes());
        assertTrue(o.exit() != 0, o.messages());
        box.assertOutsideUntouched();
    }

    @Test
    void aFileBeneathASymlinkOfTheSameListStaysInside() throws IOException {
        // l is a symlink to outside/dir, then l/x: stock rsync would write through it without --safe-links
        byte[] s = new EvilClient().hello().dir(".").symlink("l", box.outside.resolve("dir").toString())
                .file("l/x", EVIL.length).endOfList().literal(2, EVIL).done().bytes();
        Sandbox.Outcome o = box.serve(FLAGS, s);
        box.assertOutsideUntouched();
        assertFalse(isLink("l"), o.messages());
    }

    @Test
    void aDirectorySwappedForASymlinkDuringTheTransferIsNotFollowed() throws IOException {
        // a second process renames d away and puts a symlink to outside/dir in its place while the
        // receiver writes d/f1; d/f2 comes next (indices: . d d/f1 d/f2)
        AtomicBoolean swapped = new AtomicBoolean();
        ReceiveListener racer = new ReceiveListener() {
            @Override
            public void beforeWrite(long bytes) throws IOException {
                if (swapped.compareAndSet(false, true)) {
                    Files.move(box.dest.resolve("d"), box.dest.resolve("moved"));
                    Files.createSymbolicLink(box.dest.resolve("d"), box.outside.resolve("dir"));
                }
            }
        };
        EvilClient c = new EvilClient().hello().dir(".").dir("d").file("d/f1", EVIL.length)
                .file("d/f2", EVIL.length).endOfList();
        int split = c.mark();
        byte[] s = c.literal(2, EVIL).literal(3, EVIL).done().bytes();
        // the data is held until the generator has made d, as an honest client's data comes only
        // after the generator asked for it: otherwise the receiver may write d/f1 (and the racer
        // swap d) before the generator reaches d, which then replaces the symlink by a new
        // directory — safe too, but not the race this test is about
        Path d = box.dest.resolve("d");
        GatedInput in = new GatedInput(s, split, () -> Files.isDirectory(d, LinkOption.NOFOLLOW_LINKS));
        Sandbox.Outcome o = box.serve(List.of("--server", FLAGS, ".", box.dest.toString()), in, racer);
        assertTrue(in.openedByGate(), "the generator reached d before the data came");
        assertTrue(swapped.get(), "the race happened");
        box.assertOutsideUntouched();
        // never through the symlink: f1 (being written at the swap) and f2 end in the real
        // directory the store holds open, now named "moved"; or f2 is refused (exit 23) and is
        // nowhere.
        assertTrue(Files.isSymbolicLink(d), "d stays the planted symlink");
        assertEquals("evil\n", Files.readString(box.dest.resolve("moved/f1")));
        if (o.exit() == 0) {
            assertEquals("evil\n", Files.readString(box.dest.resolve("moved/f2")), o.messages());
        } else {
            assertEquals(23, o.exit(), o.messages());
            assertTrue(o.messages().contains("d/f2"), o.messages());
            assertFalse(Files.exists(box.dest.resolve("moved/f2")));
        }
    }

    @Test
    void aHardLinkToAPlantedSymlinkNeverLinksTheFileOutside() throws IOException {
        Files.createSymbolicLink(box.dest.resolve("h"), box.outside.resolve("secret"));
        // h is the group's first (wire index 1), h2 links to it (sorted: . h h2)
        byte[] s = new EvilClient().hello().dir(".").hardLinkFirst("h", EVIL.length).hardLink("h2", 1).endOfList()
                .literal(1, EVIL).done().bytes();
        Sandbox.Outcome o = box.serve(FLAGS, s);
        box.assertOutsideUntouched(); // includes the link count of outside/secret
        if (o.exit() == 0) {
            assertEquals("evil\n", Files.readString(box.dest.resolve("h2")));
            assertFalse(isLink("h"));
        }
    }

    @Test
    void devicesAndSpecialsAreStoredAsEmptyFiles() throws IOException {
        byte[] s = new EvilClient().hello().dir(".").device("blk", 060600, 8, 0).device("chr", 020666, 1, 3)
                .special("fifo", 010644).special("sock", 0140755).endOfList().done().bytes();
        Sandbox.Outcome o = box.serve(FLAGS, s);
        assertEquals(0, o.exit(), o.messages());
        for (String n : List.of("blk", "chr", "fifo", "sock")) {
            Path p = box.dest.resolve(n);
            assertTrue(Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS), n + " is a plain file");
            assertEquals(0, Files.size(p), n);
        }
        box.assertOutsideUntouched();
    }

    @Test
    void deletingThroughAPlantedSymlinkRemovesOnlyTheLink() throws IOException {
        Files.createSymbolicLink(box.dest.resolve("a"), box.outside.resolve("dir"));
        EvilClient c = new EvilClient().hello();
        c.io(() -> c.out.writeInt(0)); // the (empty) filter list --delete makes the client send
        c.dir(".").endOfList().done();
        Sandbox.Outcome o = box.serve(List.of("--server", FLAGS, "--delete", ".", box.dest.toString()),
                new ByteArrayInputStream(c.bytes()), ReceiveListener.NONE);
        assertEquals(0, o.exit(), o.messages());
        assertFalse(Files.exists(box.dest.resolve("a"), LinkOption.NOFOLLOW_LINKS), "the link is deleted");
        box.assertOutsideUntouched();
    }
}
