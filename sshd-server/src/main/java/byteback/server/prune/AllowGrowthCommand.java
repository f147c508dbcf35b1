package byteback.server.prune;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code byteback-server allow-growth}: lets a client's next backup grow past the size guard, so that
 * snapshots may be pruned to make room for it. Used up when that backup completes.
 */
@Command(name = "allow-growth", mixinStandardHelpOptions = true,
        description = {"Allows the next backup of a client to be much larger than its earlier ones.",
            "Without this, a backup more than twice the client's largest earlier one and over 1 GiB",
            "may not cause any snapshot to be pruned, and a client's backups may not add more than",
            "they stored a week before (serve --growth-window). The permission is used up when that",
            "backup completes; the growth window then starts afresh."})
public final class AllowGrowthCommand implements Callable<Integer> {
    @Option(names = "--root", paramLabel = "DIR", defaultValue = "/var/lib/byteback",
            description = "the server's root directory on btrfs (default: ${DEFAULT-VALUE})")
    Path root;

    @Option(names = "--name", paramLabel = "NAME", required = true, description = "the client")
    String name;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        try {
            BackupSizes.checkName(name);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (!Files.isDirectory(root.resolve(name))) {
            throw new IllegalStateException("no client " + name + " in " + root);
        }
        BackupSizes sizes = new BackupSizes(root);
        BackupSizes.Record record = sizes.load(name);
        sizes.allowGrowth(name);
        spec.commandLine().getOut().printf("the next backup of %s may grow beyond twice its largest (%s) and cause"
                + " pruning, and beyond the growth window (its backups stored %s); the permission is used up when"
                + " that backup completes%n", name, Bytes.human(record.largest()), Bytes.human(record.ledger().total()));
        return 0;
    }
}
