package byteback.rsync.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.receiver.ReceiveListener;
import byteback.rsync.server.RsyncServer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import jnr.ffi.LibraryLoader;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 3: the store was opened by name (ROOT/&lt;client&gt;/current) after the file
 * list, whose timing the client controls; a local user who could rename a directory on that path
 * and put a symlink in its place while the list arrived redirected the client's data. With the
 * destination given as a descriptor the session never resolves it by name. The same race through
 * the Path entry point writes into the symlink's target (seen: outside/dir/f appeared).
 */
class DescriptorDestinationTest {
    /** glibc's openat/close, for the descriptor a caller (the SSH server) would pass. */
    public interface LibC {
        int openat(int dirfd, String path, int flags, int mode);

        int close(int fd);
    }

    private static final LibC C = LibraryLoader.create(LibC.class).load("c");
    private static final int O_DIRECTORY = 0200000;
    private static final int O_NOFOLLOW = 0400000;
    private static final int O_CLOEXEC = 02000000;
    private static final String FLAGS = "-rlDHe.LsfxCIu";
    private static final byte[] EVIL = "evil\n".getBytes(StandardCharsets.UTF_8);

    @Test
    void aDestinationSwappedForASymlinkWhileTheListArrivesIsNotFollowed() throws Exception {
        try (Sandbox box = new Sandbox()) {
            var outsideBefore = Sandbox.digest(box.outside);
            int fd = C.openat(-100, box.dest.toString(), O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC, 0);
            assertTrue(fd >= 0, "open " + box.dest);
            try {
                EvilClient c = new EvilClient().hello().dir(".");
                int split = c.mark(); // the rest of the list is held until the swap is done
                byte[] stream = c.file("f", EVIL.length).endOfList().literal(1, EVIL).done().bytes();
                Path moved = box.dest.resolveSibling("moved");
                AtomicBoolean swapped = new AtomicBoolean();
                GatedInput in = new GatedInput(stream, split, () -> {
                    if (swapped.compareAndSet(false, true)) {
                        try {
                            Files.move(box.dest, moved);
                            Files.createSymbolicLink(box.dest, box.outside.resolve("dir"));
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }
                    return true;
                });
                ByteArrayOutputStream err = new ByteArrayOutputStream();
                int code = RsyncServer.run(List.of("--server", FLAGS, ".", box.dest.toString()), in,
                        new ByteArrayOutputStream(), err, fd, "dest", ReceiveListener.NONE, MemoryBudget.UNLIMITED);

                assertTrue(swapped.get(), "the swap happened");
                assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
                assertEquals("evil\n", Files.readString(moved.resolve("f")), "written where the descriptor points");
                assertEquals(outsideBefore, Sandbox.digest(box.outside), "nothing outside DEST changes");
            } finally {
                C.close(fd);
            }
        }
    }
}
