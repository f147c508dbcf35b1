package byteback.server.prune;

import picocli.CommandLine.Option;

/** The pruning thresholds and order, as {@code serve} and {@code prune} both take them (a picocli mixin). */
public final class PruneOptions {
    @Option(names = {"-m", "--minpercent"}, paramLabel = "N", defaultValue = "5",
            description = "start pruning snapshots when free space falls to N%% (default: ${DEFAULT-VALUE})")
    int minPercent;

    @Option(names = {"-a", "--maxpercent"}, paramLabel = "N", defaultValue = "10",
            description = "keep pruning until free space reaches N%% (default: ${DEFAULT-VALUE})")
    int maxPercent;

    @Option(names = {"-o", "--order"}, paramLabel = "ORDER", defaultValue = "importance",
            description = "prune by 'importance' (default) or 'age'")
    String order;

    /** The settings; IllegalArgumentException for an unknown order or impossible percentages. */
    public PruneSettings settings() {
        return new PruneSettings(minPercent, maxPercent, PruneOrder.parse(order));
    }
}
