package byteback.rsync.session;

import byteback.rsync.protocol.ExitCode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.rsync.memory.MemoryBudget;
import byteback.rsync.receiver.ReceiveListener;
import byteback.rsync.server.RsyncServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Sessions of one server share a {@link MemoryBudget}: a client whose file list does not fit ends
 * with rsync's "out of memory" exit 22, the others go on, and every reservation comes back.
 */
class SharedMemoryBudgetTest {
    private static final long MIB = 1 << 20;
    private final List<Path> dirs = new ArrayList<>();

    private record Run(int code, String messages) {}

    @BeforeEach
    void setUp() {
        dirs.clear();
    }

    @AfterEach
    void tearDown() throws IOException {
        for (Path d : dirs) {
            try (Stream<Path> s = Files.walk(d)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private Run serve(byte[] clientBytes, MemoryBudget budget) throws IOException {
        Path dest = Files.createTempDirectory("shared-budget");
        synchronized (dirs) {
            dirs.add(dest);
        }
        ByteArrayOutputStream toClient = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RsyncServer.run(List.of("--server", "-re.LsfxCIu", ".", dest.toString()),
                new ByteArrayInputStream(clientBytes), toClient, err, dest, ReceiveListener.NONE, budget);
        return new Run(code, err + new String(toClient.toByteArray(), StandardCharsets.ISO_8859_1));
    }

    /** A list of {@code entries} files with 250-byte names: about 0.4 KB each on the server. */
    private static byte[] hugeList(int entries) throws IOException {
        ClientScript s = new ClientScript().hello(31);
        String pad = "x".repeat(240);
        for (int i = 0; i < entries; i++) {
            s.file(String.format("%s%09d", pad, i), 1);
        }
        return s.endOfList().done().bytes();
    }

    private static byte[] honest(byte[] content) throws IOException {
        return new ClientScript().hello(31).file("g", content.length).endOfList()
                .transferLiteral(0, content).done().bytes();
    }

    @Test
    void aListBeyondTheSharedBudgetEndsWithOutOfMemoryAndGivesItBack() throws IOException {
        MemoryBudget budget = new MemoryBudget(2 * MIB, 0);
        Run r = serve(hugeList(20_000), budget);
        assertEquals(ExitCode.MALLOC, r.code(), r.messages());
        assertTrue(r.messages().contains("ERROR: out of memory in receive_file_list [receiver]: the server's memory"
                + " budget for all connections (2.0 MiB"), r.messages());
        assertTrue(r.messages().contains("error allocating core memory buffers (code 22)"), r.messages());
        assertEquals(0, budget.reserved());
        assertEquals(0, budget.openReservations());
        try (Stream<Path> s = Files.list(dirs.get(0))) {
            assertEquals(0, s.count(), "nothing stored");
        }
    }

    @Test
    void hostileListsRunningAlongsideDoNotStopAnHonestBackup() throws Exception {
        MemoryBudget budget = new MemoryBudget(8 * MIB);
        byte[] hostile = hugeList(40_000); // ~16 MB estimated: more than the whole budget
        byte[] content = "honest content".getBytes(StandardCharsets.UTF_8);
        byte[] honest = honest(content);
        ExecutorService pool = Executors.newFixedThreadPool(5);
        try {
            List<Future<Run>> hostiles = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                hostiles.add(pool.submit(() -> serve(hostile, budget)));
            }
            List<Future<Run>> honests = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                honests.add(pool.submit(() -> serve(honest, budget)));
            }
            for (Future<Run> f : hostiles) {
                Run r = f.get();
                assertEquals(ExitCode.MALLOC, r.code(), r.messages());
            }
            for (Future<Run> f : honests) {
                Run r = f.get();
                assertEquals(0, r.code(), r.messages());
            }
        } finally {
            pool.shutdownNow();
        }
        int stored = 0;
        for (Path d : dirs) {
            if (Files.exists(d.resolve("g"))) {
                assertArrayEquals(content, Files.readAllBytes(d.resolve("g")));
                stored++;
            }
        }
        assertEquals(8, stored);
        assertEquals(0, budget.reserved());
        assertEquals(0, budget.openReservations());
    }
}
