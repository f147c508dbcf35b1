package byteback.rsync.sender;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.checksum.RollingChecksum;
import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.protocol.ItemFlags;
import byteback.rsync.protocol.NdxReader;
import byteback.rsync.protocol.NdxWriter;
import byteback.rsync.server.RsyncServer;
import byteback.rsync.wire.IoClock;
import byteback.rsync.wire.WireWriter;
import byteback.testsupport.Trees;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * A hostile client pulling from our sender (the client is the receiver side now). Each test
 * scripts the client's bytes and checks that the session ends with a clear message and rsync's
 * exit code, within bounded time and memory, and that nothing outside the tree is read.
 *
 * <p>rsync's sender advisories covered (NEWS.md 3.4.0 and 3.5.0):
 * <ul>
 *   <li>3.4.0 CVE-2024-12084 (heap overflow from checksum length, s2length > digest): sum heads
 *       with impossible counts, block lengths, checksum lengths, remainders are refused
 *       ({@link #impossibleSumHeadsAreRefused});
 *   <li>3.4.0 CVE-2024-12085 (info leak through uninitialised sum2 bytes): the sender compares
 *       only the s2length bytes the client sent (BlockMatcher), nothing uninitialised is sent;
 *   <li>3.4.0 CVE-2024-12086 (server leaks arbitrary client files) / CVE-2024-12087 (path
 *       traversal via --inc-recursive): seen from the server, the client cannot name anything
 *       outside the tree: absolute names, {@code ..}, a symlink as a directory are refused
 *       ({@link #pathsLeavingTheTreeAreRefused}, {@link #symlinksInTheStoreAreSentNotFollowed});
 *       with incremental recursion a list the client finished is forgotten: its indexes are
 *       refused afterwards ({@link #incrementalListsAreForgottenWhenDone});
 *   <li>3.4.0 CVE-2024-12088 (--safe-links bypass) and the --copy-*links family: refused, the
 *       server never follows a link ({@link #linkFollowingOptionsAreRefused});
 *   <li>3.5.0 file indexes out of range / never listed / not regular / in the last phase
 *       ({@link #bogusFileIndexesAreRefused});
 *   <li>3.5.0 xattr request numbers out of range (rel_pos overflow): checked against the set
 *       (XattrSender.readRequest, exercised by the -X pulls of SenderAgainstStockRsyncTest);
 *   <li>3.5.0 MAX_CHAIN_LEN (issue 217, hash-chain CPU exhaustion): chains are capped and false
 *       alarms budgeted ({@link #collidingBlockSumsCostBoundedCpu});
 *   <li>merge-file rules naming server files are refused, never opened
 *       ({@link #mergeFileRulesAreNeverOpened}); a stalled client is cut by --timeout
 *       ({@link #aStalledClientIsCutByTheTimeout}).
 * </ul>
 */
class SenderHostileTest {
    private static final int PROTOCOL = 31;
    /** Without 'i': one complete list, indexes from 0. */
    private static final String FLAGS = "-logDtpre.LsfxC";
    /** With 'i': incremental recursion, indexes from 1, one list per directory. */
    private static final String INC_FLAGS = "-logDtpre.iLsfxC";
    private Path dir;
    private Path tree;

    @BeforeEach
    void setUp() throws IOException {
        dir = Trees.tempDir("sender-hostile");
        tree = Files.createDirectory(dir.resolve("tree"));
        Path outside = Files.createDirectory(dir.resolve("outside"));
        Files.writeString(outside.resolve("secret"), "SECRET-OUTSIDE\n");
        Files.write(tree.resolve("f"), new byte[1 << 20]);
        Files.createDirectory(tree.resolve("sub"));
        Files.createSymbolicLink(tree.resolve("out"), outside);
        Files.createSymbolicLink(tree.resolve("abs"), outside.resolve("secret"));
    }

    @AfterEach
    void tearDown() throws IOException {
        Trees.delete(dir);
    }

    /** The client's side of a session: its bytes, multiplexed after the version. */
    private static final class Client {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final WireWriter out = new WireWriter(bytes, new IoClock());
        final NdxWriter ndx = new NdxWriter(out, PROTOCOL);

        Client() throws IOException {
            out.writeInt(PROTOCOL);
            out.startMultiplex();
            out.writeInt(0); // no filter rules
        }

        Client rules(String... rules) throws IOException {
            // replaces the empty rule list written by the constructor: rebuild
            Client c = new Client(false);
            for (String r : rules) {
                byte[] b = r.getBytes(StandardCharsets.UTF_8);
                c.out.writeInt(b.length);
                c.out.write(b, 0, b.length);
            }
            c.out.writeInt(0);
            return c;
        }

        private Client(boolean ignored) throws IOException {
            out.writeInt(PROTOCOL);
            out.startMultiplex();
        }

        Client request(int index, int iflags) throws IOException {
            ndx.write(index);
            out.writeShort(iflags);
            return this;
        }

        Client sumHead(int count, int blength, int s2, int remainder) throws IOException {
            out.writeInt(count);
            out.writeInt(blength);
            out.writeInt(s2);
            out.writeInt(remainder);
            return this;
        }

        Client done(int times) throws IOException {
            for (int i = 0; i < times; i++) {
                ndx.write(NdxReader.NDX_DONE);
            }
            return this;
        }

        byte[] toBytes() throws IOException {
            out.flush();
            return bytes.toByteArray();
        }
    }

    private record Outcome(SendResult result, String messages) {
        int exit() {
            return result.exitCode();
        }
    }

    private Outcome serve(List<String> extra, String path, InputStream in) throws Exception {
        return serve(extra, path, in, MemoryBudget.UNLIMITED);
    }

    private Outcome serve(List<String> extra, String path, InputStream in, MemoryBudget budget) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("--server", "--sender"));
        if (!extra.contains(INC_FLAGS)) {
            args.add(FLAGS);
        }
        args.addAll(extra);
        args.addAll(List.of(".", path));
        ByteArrayOutputStream toClient = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ExecutorService ex = Executors.newSingleThreadExecutor();
        try (FakeSuperTree t = FakeSuperTree.open(tree)) {
            Future<SendResult> f = ex.submit(() -> RsyncServer.runSender(args, in, toClient, err, t, budget));
            SendResult r = f.get(60, TimeUnit.SECONDS);
            String messages;
            synchronized (toClient) {
                messages = err.toString(StandardCharsets.UTF_8)
                        + new String(toClient.toByteArray(), StandardCharsets.ISO_8859_1);
            }
            assertFalse(messages.contains("SECRET-OUTSIDE"), "nothing from outside the tree is ever sent");
            return new Outcome(r, messages.replaceAll("[^\\x20-\\x7e\\n]", ""));
        } finally {
            ex.shutdownNow();
        }
    }

    private Outcome serve(String path, byte[] stream) throws Exception {
        return serve(List.of(), path, new ByteArrayInputStream(stream));
    }

    @Test
    void impossibleSumHeadsAreRefused() throws Exception {
        int[][] heads = {
            {-1, 700, 16, 0}, // negative count
            {1, (1 << 17) + 1, 16, 0}, // block longer than MAX_BLOCK_SIZE
            {1, 700, 17, 0}, // checksum longer than md5's 16 bytes
            {1, 700, -1, 0},
            {1, 700, 16, 701}, // remainder longer than a block
            {1, 0, 16, 0}, // blocks of length 0
            {Integer.MAX_VALUE, 1 << 17, 16, 0}, // 2^31 blocks: more than we hold for one file
        };
        for (int[] h : heads) {
            // the list is ".", "abs", "f", "out", "sub": index 2 is the regular file f
            byte[] s = new Client().request(2, ItemFlags.TRANSFER).sumHead(h[0], h[1], h[2], h[3]).toBytes();
            Outcome o = serve("./", s);
            assertTrue(o.exit() == 2 || o.exit() == 12, java.util.Arrays.toString(h) + " -> " + o.exit() + o.messages);
            assertTrue(o.messages.contains("Invalid"), o.messages);
        }
    }

    @Test
    void bogusFileIndexesAreRefused() throws Exception {
        Outcome o = serve("./", new Client().request(5, ItemFlags.TRANSFER).toBytes());
        assertEquals(2, o.exit(), o.messages);
        assertTrue(o.messages.contains("Invalid file index: 5"), o.messages);
        o = serve("./", new Client().request(1_000_000, 0).toBytes());
        assertEquals(2, o.exit(), o.messages);
        // a directory is not sent as data
        o = serve("./", new Client().request(4, ItemFlags.TRANSFER).toBytes());
        assertEquals(2, o.exit(), o.messages);
        assertTrue(o.messages.contains("non-regular file"), o.messages);
        // an index of incremental recursion, never offered
        Client c = new Client();
        c.ndx.write(NdxReader.NDX_FLIST_EOF);
        o = serve("./", c.toBytes());
        assertEquals(2, o.exit(), o.messages);
        // a transfer request after the redo phase ended
        o = serve("./", new Client().done(2).request(2, ItemFlags.TRANSFER).sumHead(0, 0, 0, 0).toBytes());
        assertEquals(2, o.exit(), o.messages);
        assertTrue(o.messages.contains("phase 2"), o.messages);
    }

    @Test
    void repeatedRequestsAreServedAndTheSessionEnds() throws Exception {
        Client c = new Client();
        for (int i = 0; i < 3; i++) {
            c.request(2, ItemFlags.TRANSFER).sumHead(0, 0, 0, 0);
        }
        c.done(5);
        Outcome o = serve("./", c.toBytes());
        assertEquals(0, o.exit(), o.messages);
        assertEquals(3, o.result.filesSent());
    }

    @Test
    void pathsLeavingTheTreeAreRefused() throws Exception {
        for (String p : List.of("/etc/passwd", "../outside/secret", "sub/../../outside", "out/secret")) {
            Outcome o = serve(p, new Client().done(4).toBytes());
            assertTrue(o.exit() != 0, p + ": " + o.messages);
        }
    }

    @Test
    void symlinksInTheStoreAreSentNotFollowed() throws Exception {
        // "out/" would make rsync change into the link; we refuse, and "out" is sent as a link
        Outcome o = serve("out/", new Client().done(4).toBytes());
        assertTrue(o.messages.contains("never follows"), o.messages);
        o = serve("out", new Client().done(5).toBytes());
        assertEquals(0, o.exit(), o.messages);
        assertTrue(o.messages.contains(dir.resolve("outside").toString()), "the link's target is sent: " + o.messages);
    }

    @Test
    void linkFollowingOptionsAreRefused() throws Exception {
        for (String opt : List.of("-L", "--copy-links", "--copy-dirlinks", "--copy-unsafe-links", "--safe-links",
                "--remove-source-files")) {
            Outcome o = serve(List.of(opt), "./", new ByteArrayInputStream(new Client().toBytes()));
            assertTrue(o.exit() != 0, opt + " must be refused: " + o.messages);
        }
    }

    @Test
    void mergeFileRulesAreNeverOpened() throws Exception {
        // a fifo: opening it would hang the session
        Path fifo = dir.resolve("fifo");
        new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor();
        Outcome o = serve("./", new Client().rules(". " + fifo).toBytes());
        assertEquals(1, o.exit(), o.messages);
        assertTrue(o.messages.contains("merge-file rules are not accepted"), o.messages);
        o = serve("./", new Client().rules(":n- " + fifo).done(5).toBytes());
        assertEquals(0, o.exit(), o.messages);
        assertTrue(o.messages.contains("are ignored"), o.messages);
    }

    @Test
    void aStalledClientIsCutByTheTimeout() throws Exception {
        byte[] hello = new Client().toBytes();
        java.util.concurrent.CountDownLatch closed = new java.util.concurrent.CountDownLatch(1);
        InputStream in = new InputStream() { // the hello, then silence until the server closes its end
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] b = new byte[1];
                return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (pos < hello.length) {
                    int n = Math.min(len, hello.length - pos);
                    System.arraycopy(hello, pos, b, off, n);
                    pos += n;
                    return n;
                }
                try {
                    closed.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("closed");
            }

            @Override
            public void close() {
                closed.countDown();
            }
        };
        Outcome o = serve(List.of("--timeout=1"), "./", in);
        assertEquals(30, o.exit(), o.messages);
        assertTrue(o.messages.contains("timeout"), o.messages);
    }

    @Test
    void aListBeyondTheMemoryBudgetEndsWithCode22() throws Exception {
        for (int i = 0; i < 500; i++) {
            Files.writeString(tree.resolve("sub/file-" + i), "x");
        }
        MemoryBudget small = new MemoryBudget(64 * 1024, 0);
        Outcome o = serve(List.of(), "./", new ByteArrayInputStream(new Client().done(5).toBytes()), small);
        assertEquals(22, o.exit(), o.messages);
        assertTrue(o.messages.contains("out of memory in send_file_list [sender]"), o.messages);
        assertEquals(0, small.reserved(), "all given back");
        // within the budget the same tree goes through
        MemoryBudget enough = new MemoryBudget(4L << 20, 0);
        o = serve(List.of(), "./", new ByteArrayInputStream(new Client().done(5).toBytes()), enough);
        assertEquals(0, o.exit(), o.messages);
    }

    @Test
    void incrementalListsAreForgottenWhenDone() throws Exception {
        // the first list is ".", "abs", "f", "out", "sub" (indexes 1-5), then sub's list (empty, from 7)
        Client c = new Client().request(3, ItemFlags.TRANSFER).sumHead(0, 0, 0, 0).done(6);
        Outcome o = serve(List.of(INC_FLAGS), "./", new ByteArrayInputStream(c.toBytes()));
        assertEquals(0, o.exit(), "an honest incremental session: " + o.messages);
        assertEquals(1, o.result.filesSent());
        // once the client is done with the first list, f's index names nothing
        c = new Client().done(1).request(3, ItemFlags.TRANSFER).sumHead(0, 0, 0, 0);
        o = serve(List.of(INC_FLAGS), "./", new ByteArrayInputStream(c.toBytes()));
        assertEquals(2, o.exit(), o.messages);
        assertTrue(o.messages.contains("Invalid file index: 3"), o.messages);
        // an index beyond every list sent, and the lists' own codes, are refused
        o = serve(List.of(INC_FLAGS), "./", new ByteArrayInputStream(new Client().request(8, 0).toBytes()));
        assertEquals(2, o.exit(), o.messages);
        c = new Client();
        c.ndx.write(NdxReader.NDX_FLIST_OFFSET - 1);
        o = serve(List.of(INC_FLAGS), "./", new ByteArrayInputStream(c.toBytes()));
        assertEquals(2, o.exit(), o.messages);
    }

    @Test
    void incrementalListsAreChargedOnlyWhileHeld() throws Exception {
        int dirs = 30;
        for (int d = 0; d < dirs; d++) {
            Path sub = Files.createDirectory(tree.resolve(String.format("d%02d", d)));
            for (int i = 0; i < 100; i++) {
                Files.writeString(sub.resolve("file-" + i), "x");
            }
        }
        // 3 000 entries at about 340 bytes each do not fit in 600 KiB; the lists in flight do
        int lists = 2 + dirs;
        byte[] client = new Client().done(lists + 4).toBytes();
        MemoryBudget budget = new MemoryBudget(600 * 1024, 0);
        Outcome o = serve(List.of(INC_FLAGS), "./", new ByteArrayInputStream(client), budget);
        assertEquals(0, o.exit(), o.messages);
        assertEquals(0, budget.reserved(), "all given back");
        o = serve(List.of(), "./", new ByteArrayInputStream(new Client().done(5).toBytes()), budget);
        assertEquals(22, o.exit(), "one full list does not fit: " + o.messages);
    }

    @Test
    void collidingBlockSumsCostBoundedCpu() throws Exception {
        // f is 1 MiB of zeros; every block sum carries the rolling sum of a zero block, so at every
        // offset the weak sum matches and the strong sum (wrong on purpose) must be computed
        Files.write(tree.resolve("f"), new byte[16 << 20]);
        int blength = 4096;
        int count = 200_000;
        int sum1 = RollingChecksum.of(new byte[blength], 0, blength);
        Client c = new Client().request(2, ItemFlags.TRANSFER).sumHead(count, blength, 16, 0);
        byte[] strong = new byte[16];
        java.util.Arrays.fill(strong, (byte) 1);
        for (int i = 0; i < count; i++) {
            c.out.writeInt(sum1);
            c.out.write(strong, 0, 16);
        }
        c.done(5);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpu0 = os.getProcessCpuTime();
        Outcome o = serve("./", c.toBytes());
        assertEquals(0, o.exit(), o.messages);
        assertEquals(16 << 20, o.result.literalBytes(), "the whole file went literally");
        // unbounded, this is 16 Mi strong sums of 4 KiB (64 GiB hashed, minutes of CPU); with the
        // budget it is 4 x 16 MiB + 64 MiB of hashing. The bound is generous for a busy machine.
        long cpuMillis = (os.getProcessCpuTime() - cpu0) / 1_000_000;
        assertTrue(cpuMillis < 60_000, "cpu " + cpuMillis);
    }
}
