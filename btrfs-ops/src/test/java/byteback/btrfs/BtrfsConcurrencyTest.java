package byteback.btrfs;

import byteback.testsupport.LoopBtrfs;

import byteback.btrfs.BtrfsException.Reason;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One facade used from several threads at once; each thread's failures keep their own reason (errno is per thread). */
class BtrfsConcurrencyTest {

    @Test
    void threadsShareOneFacade() throws Exception {
        Btrfs btrfs = new Btrfs();
        try (LoopBtrfs fs = LoopBtrfs.create("256M", true)) {
            Path dir = Files.createDirectory(fs.path("clients"));
            Files.createDirectory(fs.path("plain"));
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> work = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    int thread = t;
                    work.add(pool.submit(() -> {
                        for (int i = 0; i < 5; i++) {
                            Path current = dir.resolve("client " + thread + "-" + i);
                            btrfs.createSubvolume(current);
                            btrfs.snapshot(current, dir.resolve("client " + thread + "-" + i + "@2026-11-26T21:30+0000"), true);
                            Reason exists = reasonOf(() -> btrfs.createSubvolume(current));
                            Reason plain = reasonOf(() -> btrfs.deleteSubvolume(fs.path("plain")));
                            Reason missing = reasonOf(() -> btrfs.info(fs.path("missing-" + thread)));
                            assertEquals(List.of(Reason.ALREADY_EXISTS, Reason.NOT_SUBVOLUME, Reason.NOT_FOUND),
                                    List.of(exists, plain, missing));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : work) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(40, btrfs.listSubvolumes(dir).size());
            Map<String, Long> progs = BtrfsProgs.list(fs.mountPoint());
            for (Path p : btrfs.listSubvolumes(dir)) {
                assertTrue(progs.containsKey("clients/" + p.getFileName()), p.toString());
                assertEquals(p.getFileName().toString().contains("@"), BtrfsProgs.readOnly(p), p.toString());
            }
        }
    }

    private interface Operation {
        void run() throws IOException;
    }

    private static Reason reasonOf(Operation operation) throws IOException {
        try {
            operation.run();
        } catch (BtrfsException e) {
            return e.reason();
        }
        throw new AssertionError("no failure");
    }
}
