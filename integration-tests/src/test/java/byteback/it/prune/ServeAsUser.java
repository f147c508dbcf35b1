package byteback.it.prune;

import byteback.btrfs.Btrfs;
import byteback.server.cli.Main;
import byteback.server.prune.GrowthLimit;
import byteback.server.prune.GrowthWindow;
import byteback.server.prune.PruneService;
import byteback.server.prune.PruneSettings;
import byteback.server.ssh.ByteBackServer;
import byteback.server.store.Store;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The real server as the unprivileged server user: enrols the clients with the CLI, then serves on
 * 127.0.0.1 with pruning as its hooks (growth floor given in MiB, no growth window, no snapshot rate limit) until its
 * standard input closes. Prints READY when it listens.
 * Arguments: ROOT PORT GROWTH_FLOOR_MIB CLIENT=PUBKEY-FILE...
 */
public final class ServeAsUser {
    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        long floor = Long.parseLong(args[2]) << 20;
        for (int i = 3; i < args.length; i++) {
            String[] client = args[i].split("=", 2);
            int exit = Main.run("enrol", "--root", root.toString(), "--name", client[0], "--key", client[1]);
            if (exit != 0) {
                throw new IllegalStateException("enrol " + client[0] + " exited " + exit);
            }
        }
        // the growth window out of the way (1 000 000 % a week): these backups test pruning and the sudden rule
        PruneService pruning = new PruneService(root, new Btrfs(), new PruneService.Settings(PruneSettings.DEFAULTS,
                Duration.ofMinutes(5), new GrowthLimit(2.0, floor), new GrowthWindow(Duration.ofDays(7), 1e6)),
                Clock.systemUTC());
        ByteBackServer server = ByteBackServer.start(new ByteBackServer.Settings(new Store(root), "127.0.0.1", port,
                Duration.ZERO, Duration.ofMinutes(5), null, pruning, Clock.systemUTC()));
        pruning.start();
        System.out.println("READY");
        System.out.flush();
        while (System.in.read() >= 0) {
            // serve until the test closes our standard input
        }
        pruning.close();
        server.close();
    }
}
