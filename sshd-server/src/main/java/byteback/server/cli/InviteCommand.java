package byteback.server.cli;

import byteback.server.auth.ClientName;
import byteback.server.invite.Invites;
import byteback.server.snapshot.Durations;
import byteback.server.store.Ownership;
import byteback.server.store.Store;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "invite", mixinStandardHelpOptions = true,
        description = "Prints a one-time token with which the client NAME enrols itself (byteback-setup-client gives it as the SSH password).")
final class InviteCommand implements Callable<Integer> {
    @Mixin RootOption root;

    @Option(names = "--name", required = true, description = "the client's name")
    String name;

    @Option(names = "--ttl", defaultValue = "24h", description = "how long the token stays valid (default: ${DEFAULT-VALUE})")
    String ttl;

    @Override
    public Integer call() throws IOException {
        ClientName.check(name);
        Duration d = Durations.parse(ttl);
        if (d.isZero() || d.isNegative()) throw new IllegalArgumentException("--ttl must be positive");
        Store store = root.existingStore();
        Invites invites = new Invites(store.stateDir().resolve("invites"), Clock.systemUTC(), Ownership.of(store.root()));
        String token = invites.create(name, d);
        System.out.println(token);
        System.err.println("One-time token for " + name + ", valid for " + Durations.words(d) + ". On the client run"
                + " byteback-setup-client --hostname " + name + " --destination byteback@SERVER:"
                + " and give the token as the password (the server listens on port 2222 unless told otherwise).");
        return ExitCodes.OK;
    }
}
