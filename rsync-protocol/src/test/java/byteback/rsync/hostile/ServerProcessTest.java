package byteback.rsync.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The evil client against the jar's entry point ({@code byteback.rsync.server.Main}, what
 * {@code java -jar byteback-rsync.jar --server ...} runs) in its own JVM over stdin/stdout, for
 * what only a process shows: the exit status, a small heap, the timeout.
 */
class ServerProcessTest {
    private Sandbox box;
    private Map<String, String> stored;

    @BeforeEach
    void setUp() throws IOException {
        box = new Sandbox();
        Files.writeString(box.dest.resolve("f"), "stored\n");
        stored = box.digestDest();
    }

    @AfterEach
    void tearDown() throws IOException {
        box.close();
    }

    /** {@code stderr}: what stderr and the protocol stream carried. */
    private record Ended(int exit, String stderr) {}

    private interface Client {
        void write(OutputStream stdin) throws IOException, InterruptedException;
    }

    /** Starts the server JVM, lets the client write (and hold stdin open while it writes), waits. */
    private Ended run(String heap, List<String> flags, Client client) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                heap, "-cp", System.getProperty("java.class.path"), "byteback.rsync.server.Main", "--server"));
        cmd.addAll(flags);
        cmd.addAll(List.of(".", box.dest.toString()));
        Process p = new ProcessBuilder(cmd).start();
        try {
            // the messages go to the client inside the protocol stream (stdout) and to stderr
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return e.toString();
                }
            });
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    return e.toString();
                }
            });
            Thread writer = new Thread(() -> {
                try (OutputStream stdin = p.getOutputStream()) {
                    client.write(stdin);
                } catch (IOException | InterruptedException e) {
                    // the server ended first: what a refusal looks like from here
                }
            });
            writer.setDaemon(true);
            writer.start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the server process must end by itself");
            writer.interrupt();
            return new Ended(p.exitValue(), err.get(10, TimeUnit.SECONDS) + out.get(10, TimeUnit.SECONDS));
        } finally {
            p.destroyForcibly().waitFor();
        }
    }

    @Test
    void xattrValuesBeyondTheHeapEndWithAProtocolErrorNotOutOfMemory() throws Exception {
        // 12 files list one abbreviated xattr each (a few bytes in the list), then the client sends
        // an 8 MiB value for every one: 96 MiB for a server JVM of 64 MiB. Before the bound in
        // XattrValues this ended in java.lang.OutOfMemoryError (exit 14 or worse, in the one-JVM
        // SSH server every client's problem).
        byte[] value = new byte[8 << 20];
        Ended e = run("-Xmx64m", List.of("-rXe.LsfxCIu"), stdin -> {
            EvilClient c = new EvilClient(stdin).withXattrs().hello().dir(".");
            for (int i = 0; i < 12; i++) {
                c.fileWithLongXattr("f" + (char) ('a' + i), 0, "user.big", value.length);
            }
            c.endOfList();
            for (int i = 1; i <= 12; i++) {
                c.xattrValue(i, value);
            }
            c.done().bytes();
        });
        assertEquals(12, e.exit(), e.stderr());
        assertTrue(e.stderr().contains("xattr values exceed their memory limit"), e.stderr());
        assertEquals(stored, box.digestDest());
        box.assertOutsideUntouched();
    }

    /**
     * Found by this test: the watchdog saw the timeout after 2 s but the process stayed until
     * the client closed its end, because closing a FileInputStream on fd 0 does not wake the
     * thread blocked reading it. Main now reads stdin through a FileChannel.
     */
    @Test
    void aStalledClientIsCutByTheTimeout() throws Exception {
        Ended e = run("-Xmx64m", List.of("-re.LsfxCIu", "--timeout=2"), stdin -> {
            new EvilClient(stdin).hello().dir(".").file("g", 100).endOfList()
                    .transferHead(1, 0, 0, 0, 0).bytes();
            stdin.flush();
            Thread.sleep(120_000); // holds the connection open, silent
        });
        assertEquals(30, e.exit(), e.stderr());
        assertTrue(e.stderr().contains("timeout"), e.stderr());
        assertEquals(stored, box.digestDest(), "no temp file of g stays");
        box.assertOutsideUntouched();
    }

    /** Found by this suite: the watchdog started only after the version exchange. */
    @Test
    void aClientSilentFromTheStartIsCutByTheTimeout() throws Exception {
        Ended e = run("-Xmx64m", List.of("-re.LsfxCIu", "--timeout=2"), stdin -> Thread.sleep(120_000));
        assertEquals(30, e.exit(), e.stderr());
        assertEquals(stored, box.digestDest());
        box.assertOutsideUntouched();
    }

    @Test
    void anAbsoluteNameEndsTheProcessWithExit12() throws Exception {
        Ended e = run("-Xmx64m", List.of("-re.LsfxCIu"), stdin -> new EvilClient(stdin).hello().dir(".")
                .file(box.outside.resolve("secret").toString(), 4).endOfList()
                .literal(1, EvilClient.bytes("evil")).done().bytes());
        assertEquals(12, e.exit(), e.stderr());
        assertTrue(e.stderr().contains("protocol"), e.stderr());
        assertEquals(stored, box.digestDest());
        box.assertOutsideUntouched();
    }

    /** A filter list (rsync: exclude.c send_filter_list): each rule as int length + bytes, then 0. */
    private static void filterList(EvilClient c, int count, byte[] rule) {
        try {
            for (int i = 0; i < count; i++) {
                c.out.writeInt(rule.length);
                c.out.write(rule, 0, rule.length);
            }
            c.out.writeInt(0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Issue 14 item 1: 512 rules of 4,093 '?' with --delete (2 MiB, within the list's limits)
     * compiled each '?' to a 256-entry table: about 570 MB, 789-1007 MiB RSS for the jar, and
     * with -Xmx64m an OutOfMemoryError (exit 14, seen before the fix). Now the backup completes.
     */
    @Test
    void filterRulesOfQuestionMarksFitASmallHeap() throws Exception {
        byte[] rule = ("- " + "?".repeat(4093)).getBytes(StandardCharsets.US_ASCII);
        Ended e = run("-Xmx64m", List.of("-re.LsfxCIu", "--delete"), stdin -> {
            EvilClient c = new EvilClient(stdin).hello();
            filterList(c, 512, rule);
            c.dir(".").endOfList().done().bytes();
        });
        assertEquals(0, e.exit(), e.stderr());
        assertTrue(Files.list(box.dest).findAny().isEmpty(), "f is deleted: the rules were applied");
        box.assertOutsideUntouched();
    }

    /**
     * Issue 14 item 1: 100,000 rules of 5,117 bytes were all read (512 MB) before the limits
     * on count and size applied (1.4 GiB RSS; with -Xmx64m exit 14, seen before the fix). Now the
     * reading stops at the first byte past the limits, with a clear error.
     */
    @Test
    void aFilterListBeyondItsLimitsIsCutWhileReading() throws Exception {
        byte[] rule = ("- " + "a".repeat(5115)).getBytes(StandardCharsets.US_ASCII);
        Ended e = run("-Xmx64m", List.of("-re.LsfxCIu", "--delete"), stdin -> {
            EvilClient c = new EvilClient(stdin).hello();
            filterList(c, 100_000, rule);
            c.dir(".").endOfList().done().bytes();
        });
        assertEquals(12, e.exit(), e.stderr());
        assertTrue(e.stderr().contains("filter rules too large"), e.stderr());
        assertEquals(stored, box.digestDest());
        box.assertOutsideUntouched();
    }
}
