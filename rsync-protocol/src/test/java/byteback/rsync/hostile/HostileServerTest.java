package byteback.rsync.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.options.ServerOptions;
import byteback.rsync.receiver.ReceiveListener;
import byteback.rsync.receiver.ReceiveSession;
import byteback.rsync.store.Store;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client's receiver (a restore: {@link ReceiveSession#forClient} writing real files through
 * {@link Store#openReal}) facing a hostile server that sends what it likes: names with "..",
 * absolute names, a symlink then files beneath it, a symlink to an outside directory planted in
 * the restore directory, a hard link to a planted symlink. Nothing outside the restore directory
 * may change, whatever the exit.
 */
class HostileServerTest {
    private static final String FLAGS = "-rlDHe.LsfxCIu";
    private static final byte[] EVIL = EvilClient.bytes("evil\n");
    private Sandbox box;

    record Outcome(int exit, String messages) {}

    @BeforeEach
    void setUp() throws Exception {
        box = new Sandbox();
    }

    @AfterEach
    void tearDown() throws Exception {
        box.close();
    }

    private Outcome restore(InputStream fromServer) throws Exception {
        return restore(FLAGS, fromServer);
    }

    private Outcome restore(String flags, InputStream fromServer) throws Exception {
        ServerOptions options = ServerOptions.parse(List.of("--server", flags, ".", "."));
        ByteArrayOutputStream toServer = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> f = ex.submit(() -> ReceiveSession.forClient(options, fromServer, toServer, err,
                    l -> Store.openReal(box.dest), List.of(), ReceiveListener.NONE, MemoryBudget.UNLIMITED).run());
            int exit = f.get(Sandbox.DEADLINE_SECONDS, TimeUnit.SECONDS);
            return new Outcome(exit, err.toString(StandardCharsets.UTF_8));
        } finally {
            ex.shutdownNow();
        }
    }

    private Outcome restore(byte[] fromServer) throws Exception {
        return restore(new ByteArrayInputStream(fromServer));
    }

    @Test
    void anHonestListIsWrittenForReal() throws Exception {
        // the data waits until the generator has made d, as an honest server's waits for its request
        EvilClient c = new EvilClient().helloAsServer().dir(".").dir("d").file("d/f", EVIL.length)
                .special("d/fifo", 010644).symlink("d/l", "f").endOfList();
        int split = c.mark();
        byte[] s = c.literal(2, EVIL).doneAsServer().bytes();
        Outcome o = restore(new GatedInput(s, split, () -> Files.isDirectory(box.dest.resolve("d"), LinkOption.NOFOLLOW_LINKS)));
        assertEquals(0, o.exit(), o.messages());
        assertEquals("evil\n", Files.readString(box.dest.resolve("d/f")));
        assertTrue(Files.isSymbolicLink(box.dest.resolve("d/l")), "a real symlink");
        assertEquals("f", Files.readSymbolicLink(box.dest.resolve("d/l")).toString());
        assertTrue((int) Files.getAttribute(box.dest.resolve("d/fifo"), "unix:mode", LinkOption.NOFOLLOW_LINKS) >> 12 == 1,
                "a real fifo");
        box.assertOutsideUntouched();
    }

    @Test
    void aSymlinksModeAndTimeNeverReachItsTarget() throws Exception {
        // with -p and -t: a symlink (mode 0777, a time) and a fifo of the same name as an outside file
        Outcome o = restore("-rlptDHe.LsfxCIu", new ByteArrayInputStream(new EvilClient().helloAsServer().dir(".")
                .symlink("l", box.outside.resolve("secret").toString()).symlink("m", box.outside.resolve("dir").toString())
                .endOfList().doneAsServer().bytes()));
        assertEquals(0, o.exit(), o.messages());
        assertEquals(1_700_000_000L, Files.getLastModifiedTime(box.dest.resolve("l"), LinkOption.NOFOLLOW_LINKS)
                .toInstant().getEpochSecond());
        box.assertOutsideUntouched();
        // again over the symlinks now there: their times are set by name, never through them
        Outcome again = restore("-rlptDHe.LsfxCIu", new ByteArrayInputStream(new EvilClient().helloAsServer().dir(".")
                .symlink("l", box.outside.resolve("secret").toString()).special("m", 010600).endOfList().doneAsServer()
                .bytes()));
        assertEquals(0, again.exit(), again.messages());
        box.assertOutsideUntouched();
    }

    /** rsync: compat.c setup_protocol refuses a CF_INC_RECURSE the client did not offer ('i' in -e). */
    @Test
    void incrementalRecursionTheClientDidNotOfferIsRefused() throws Exception {
        Outcome o = restore(new EvilClient().helloAsServer(true).dir(".").file("f", EVIL.length).endOfList()
                .literal(1, EVIL).doneAsServer().bytes());
        assertNotEquals(0, o.exit(), o.messages());
        assertTrue(o.messages().contains("the server chose incremental recursion, which this client did not offer"),
                o.messages());
        assertFalse(Files.exists(box.dest.resolve("f")), "nothing written");
        box.assertOutsideUntouched();
    }

    @Test
    void dotDotAndAbsoluteNamesAreRefused() throws Exception {
        for (String name : List.of("../escape", "a/../../escape", "/abs-escape", box.outside + "/dir/x")) {
            Outcome o = restore(new EvilClient().helloAsServer().dir(".").file(name, EVIL.length).endOfList()
                    .literal(1, EVIL).doneAsServer().bytes());
            assertNotEquals(0, o.exit(), name + ": " + o.messages());
            box.assertOutsideUntouched();
            assertFalse(Files.exists(box.root.resolve("escape")), name);
            assertFalse(Files.exists(Path.of("/abs-escape")), name);
        }
    }

    @Test
    void aFileBeneathASymlinkOfTheSameListStaysInside() throws Exception {
        Outcome o = restore(new EvilClient().helloAsServer().dir(".").symlink("l", box.outside.resolve("dir").toString())
                .file("l/x", EVIL.length).endOfList().literal(2, EVIL).doneAsServer().bytes());
        box.assertOutsideUntouched();
        assertNotEquals(0, o.exit(), o.messages());
    }

    @Test
    void aPlantedDirectorySymlinkIsNeverEntered() throws Exception {
        Files.createSymbolicLink(box.dest.resolve("a"), box.outside.resolve("dir"));
        EvilClient c = new EvilClient().helloAsServer().dir(".").dir("a").file("a/x", EVIL.length).endOfList();
        int split = c.mark();
        byte[] s = c.literal(2, EVIL).doneAsServer().bytes();
        Outcome o = restore(new GatedInput(s, split, () -> Files.isDirectory(box.dest.resolve("a"), LinkOption.NOFOLLOW_LINKS)));
        box.assertOutsideUntouched();
        assertEquals(0, o.exit(), o.messages());
        assertFalse(Files.isSymbolicLink(box.dest.resolve("a")), "the symlink was replaced by a directory");
        assertEquals("evil\n", Files.readString(box.dest.resolve("a/x")));
    }

    @Test
    void aPlantedSymlinkIsNotEnteredForAFileWithoutItsDirectoryEntry() throws Exception {
        Files.createSymbolicLink(box.dest.resolve("a"), box.outside.resolve("dir"));
        Outcome o = restore(new EvilClient().helloAsServer().dir(".").file("a/x", EVIL.length).endOfList()
                .literal(1, EVIL).doneAsServer().bytes());
        assertNotEquals(0, o.exit(), o.messages());
        box.assertOutsideUntouched();
    }

    @Test
    void aHardLinkToAPlantedSymlinkNeverLinksTheFileOutside() throws Exception {
        Files.createSymbolicLink(box.dest.resolve("h"), box.outside.resolve("secret"));
        Outcome o = restore(new EvilClient().helloAsServer().dir(".").hardLinkFirst("h", EVIL.length).hardLink("h2", 1)
                .endOfList().literal(1, EVIL).doneAsServer().bytes());
        box.assertOutsideUntouched();
        if (o.exit() == 0) {
            assertEquals("evil\n", Files.readString(box.dest.resolve("h2")));
            assertFalse(Files.isSymbolicLink(box.dest.resolve("h")));
        }
    }

    @Test
    void aSymlinkReplacedByADirectoryIsReplacedNotFollowed() throws Exception {
        // a symlink to outside/dir already restored as "a" (an earlier restore), then the server says a is a directory
        Files.createSymbolicLink(box.dest.resolve("a"), box.outside.resolve("dir"));
        Outcome o = restore(new EvilClient().helloAsServer().dir(".").dir("a").symlink("a/x", "/etc/passwd").endOfList()
                .doneAsServer().bytes());
        box.assertOutsideUntouched();
        assertEquals(0, o.exit(), o.messages());
        assertEquals("/etc/passwd", Files.readSymbolicLink(box.dest.resolve("a/x")).toString());
    }
}
