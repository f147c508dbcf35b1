package byteback.it.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import byteback.it.support.ClientKey;
import byteback.it.support.Cmd;
import byteback.it.support.ServerFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Twenty clients at once, each reaching only its own store. */
class ManyClientsTest {
    private static final int CLIENTS = 20;
    @RegisterExtension
    final ServerFixture server = new ServerFixture("1G");

    @Test
    void twentyClientsCompleteAtOnce() throws Exception {
        List<ClientKey> keys = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            ClientKey k = ClientKey.create(server.scratch(), "c" + i);
            server.enrol("client" + i, k);
            Files.writeString(server.root().resolve("client" + i + "/current/owner"), "client" + i);
            keys.add(k);
        }
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        try {
            List<Future<Cmd.Result>> results = new ArrayList<>();
            for (ClientKey k : keys) {
                results.add(pool.submit(() -> {
                    Cmd.Result ping = server.ssh(k, "byteback-receive", "--ping");
                    if (ping.exit() != 0) return ping;
                    return server.ssh(k, "byteback-receive", "--complete");
                }));
            }
            for (Future<Cmd.Result> f : results) assertEquals(0, f.get().exit(), f.get().toString());
        } finally {
            pool.shutdownNow();
        }
        for (int i = 0; i < CLIENTS; i++) {
            Path dir = server.root().resolve("client" + i);
            List<Path> snaps;
            try (Stream<Path> s = Files.list(dir)) {
                snaps = s.filter(p -> !p.getFileName().toString().equals("current")).toList();
            }
            assertEquals(1, snaps.size(), dir + ": " + snaps);
            assertEquals("client" + i, Files.readString(snaps.get(0).resolve("owner")));
        }
    }
}
