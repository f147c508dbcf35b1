package byteback.server.prune;

import byteback.btrfs.Btrfs;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code byteback-server prune}: what the original byteback-prune did, on demand. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Lists snapshots in pruning order, or deletes the least important one when free space is low.",
            "The server does this by itself; this command is for looking and for emergencies."})
public final class PruneCommand implements Callable<Integer> {
    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/var/lib/byteback",
            description = "the server's root directory on btrfs (default: ${DEFAULT-VALUE})")
    Path root;

    static final class Action {
        @Option(names = {"-l", "--list"}, required = true,
                description = "list every snapshot in pruning order, most important first; delete nothing")
        boolean list;

        @Option(names = {"-p", "--prune"}, required = true,
                description = "delete the least important snapshot if free space is low and the safeguards allow it")
        boolean prune;

        @Option(names = {"-r", "--prune-force"}, required = true,
                description = "delete the least important snapshot now, whatever the free space (never a client's newest)")
        boolean force;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    @Mixin
    PruneOptions pruneOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The clock the decisions use; tests set it. */
    Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        PruneSettings settings;
        try {
            settings = pruneOptions.settings();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!Files.isDirectory(root)) {
            throw new IllegalStateException(root + " does not exist or is not a directory");
        }
        PrintWriter out = spec.commandLine().getOut();
        Pruner pruner = new Pruner(root, new Btrfs(), settings, clock);
        if (action.list) {
            List<StoredSnapshot> ordered = pruner.ordered();
            out.println("Snapshots by " + settings.order().label() + ", most important first:");
            for (int i = 0; i < ordered.size(); i++) {
                out.printf("%3d: %s%n", i, ordered.get(i).path());
            }
            out.flush();
            return 0;
        }
        PruneDecision decision = pruner.pruneOnce(action.force ? PruneMode.FORCED : PruneMode.SCHEDULED);
        if (decision.delete().isPresent()) {
            out.println("pruned " + decision.delete().get().path() + ": " + decision.reason());
        } else {
            out.println("nothing pruned: " + decision.reason());
        }
        out.flush();
        return action.force && decision.delete().isEmpty() ? 1 : 0;
    }
}
