package byteback.it.rsync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import byteback.it.support.TreeSnapshot;
import byteback.testsupport.LocalShell;
import byteback.testsupport.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client is killed in the middle of a file: what was stored stays intact, no temp file is
 * left, and the next run completes with the same tree stock rsync writes.
 */
class InterruptedTransferTest {
    private Path work;

    @BeforeEach
    void setUp() throws Exception {
        work = Trees.tempDir("rsync-kill");
    }

    @AfterEach
    void tearDown() throws Exception {
        Trees.delete(work);
    }

    @Test
    void killedClientLeavesStoreIntactAndNextRunCompletes() throws Exception {
        Path src = Files.createDirectory(work.resolve("src"));
        Path actual = Files.createDirectory(work.resolve("actual"));
        Path expected = Files.createDirectory(work.resolve("expected"));
        byte[] oldContent = new byte[3 << 20];
        new Random(1).nextBytes(oldContent);
        Files.write(src.resolve("big"), oldContent);
        Files.writeString(src.resolve("small"), "small");
        RsyncRunner rsync = new RsyncRunner(work);
        List<String> opts = List.of("-a");
        assertEquals(0, rsync.run(RsyncRunner.javaReceiver(), opts, src + "/", actual).exitCode());

        byte[] newContent = new byte[3 << 20];
        new Random(2).nextBytes(newContent);
        Files.write(src.resolve("big"), newContent);
        // a different mtime for certain, however fast the first run was: rsync's quick check compares whole seconds
        Files.setLastModifiedTime(src.resolve("big"), FileTime.from(Instant.now().minusSeconds(3600)));

        // The remote shell passes exactly the client's first 1.5 MB to the receiver, as it arrives, and
        // then nothing more while holding the receiver's input open: the receiver certainly gets the
        // file list and half of "big", starts its temp file and then waits, however fast or loaded
        // the machine is. (Gates on timing (--bwlimit) or on dd's read counts failed on some machines.)
        Path holdingShell = LocalShell.holding(work, 3 << 19);
        List<String> cmd = new ArrayList<>(List.of("rsync", "-a", "-e", holdingShell.toString(),
                "--rsync-path", RsyncRunner.javaReceiver(), src + "/", "localhost:" + actual));
        Process client = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve("client.log").toFile()).start();
        try {
            waitForTempFile(actual, client, work.resolve("client.log"), LocalShell.passedMarker(work));
            List<ProcessHandle> server = client.descendants().toList();
            client.destroyForcibly();
            client.waitFor(30, TimeUnit.SECONDS);
            for (ProcessHandle h : server) {
                h.onExit().get(30, TimeUnit.SECONDS);
            }
        } finally {
            client.descendants().forEach(ProcessHandle::destroyForcibly);
            client.destroyForcibly();
        }

        assertArrayEquals(oldContent, Files.readAllBytes(actual.resolve("big")), "the stored file is intact");
        ReceiverMatchesStockRsyncTest.assertNoTempFiles(actual);

        assertEquals(0, rsync.run(RsyncRunner.javaReceiver(), opts, src + "/", actual).exitCode());
        assertEquals(0, rsync.run(RsyncRunner.stockReceiver(), opts, src + "/", expected).exitCode());
        assertEquals("", TreeSnapshot.of(expected).diff(TreeSnapshot.of(actual)));
    }

    /**
     * Waits until the holding shell has passed all its bytes and the receiver has made the temp file
     * of "big" (it cannot finish it). Both certainly happen; the deadline only guards against a hang.
     */
    private static void waitForTempFile(Path dir, Process client, Path clientLog, Path passed) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            if (Files.exists(passed)) {
                try (var s = Files.list(dir)) {
                    if (s.anyMatch(p -> p.getFileName().toString().startsWith(".big."))) {
                        return;
                    }
                }
            }
            if (!client.isAlive()) {
                throw new AssertionError("the client ended (exit " + client.exitValue()
                        + ") while the transfer should be held mid-file; it said:\n" + Files.readString(clientLog));
            }
            Thread.sleep(50);
        }
        throw new AssertionError((Files.exists(passed) ? "the holding shell passed its bytes but" : "the holding shell"
                + " has not passed its bytes and") + " no temp file of big appeared in 3 minutes; the client said:\n"
                + Files.readString(clientLog));
    }
}
