package byteback.rsync.hostile;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.options.ServerOptions;
import byteback.rsync.receiver.ListedFiles;
import byteback.rsync.receiver.ReceiveListener;
import byteback.rsync.receiver.ReceiveSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 item 4: when the generator failed, the session closed the store (and returned, so
 * the caller gave up the client's lock) while the receiver thread was still writing into it:
 * it was given 5 s, then orphaned, free to write through a descriptor number another session
 * may have reused. Here the receiver is held inside the store's write path (the size guard's
 * callback) for 7 s while the generator fails: the session must not return before it is out.
 * Without the fix run() returned after about 5 s, with the receiver still inside (seen).
 */
class ReceiverOutlivesFailureTest {
    @Test
    void theSessionReturnsOnlyOnceItsReceiverHasEnded() throws Exception {
        try (Sandbox box = new Sandbox()) {
            Files.createDirectories(box.dest.resolve("z"));
            Files.writeString(box.dest.resolve("z/extra"), "to be deleted\n");
            EvilClient c = new EvilClient().hello();
            c.out.writeInt(0); // an empty filter list (--delete)
            byte[] stream = c.dir(".").file("g", 5).dir("z").endOfList().literal(1, "hello".getBytes())
                    .done().bytes();

            CountDownLatch receiverInside = new CountDownLatch(1);
            AtomicLong receiverLeft = new AtomicLong();
            ReceiveListener listener = new ReceiveListener() {
                @Override
                public void beforeWrite(long bytes) {
                    receiverInside.countDown();
                    try {
                        Thread.sleep(7_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    receiverLeft.set(System.nanoTime());
                }
            };
            // the generator reaches z/extra once the receiver is inside the store: then the
            // connection breaks, so the generator's next write fails (fatal, exit 10/12: no drain,
            // which would also have waited for the receiver)
            AtomicBoolean broken = new AtomicBoolean();
            ReceiveSession.DeletionFilterFactory breaking = (rules, options, store) -> (path, isDir) -> {
                try {
                    receiverInside.await(2, TimeUnit.MINUTES); // a hang guard: the receiver gets there at once
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                broken.set(true);
                return false;
            };
            OutputStream toClient = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    if (broken.get()) {
                        throw new IOException("Broken pipe (the test's client is gone)");
                    }
                }
            };
            ServerOptions options = ServerOptions.parse(List.of("--server", "-re.LsfxCIu", "--delete", ".",
                    box.dest.toString()));
            ReceiveSession session = new ReceiveSession(options, new ByteArrayInputStream(stream),
                    toClient, new ByteArrayOutputStream(), box.dest, listener, new ListedFiles(), breaking);
            int code = session.run();
            long returned = System.nanoTime();

            assertNotEquals(0, code);
            assertTrue(receiverInside.getCount() == 0, "the receiver reached the store");
            assertTrue(receiverLeft.get() != 0 && receiverLeft.get() <= returned,
                    "the session returned while its receiver was still inside the store");
        }
    }
}
