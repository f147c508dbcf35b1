package byteback.server.prune;

/**
 * How the store is pruned: start when free space falls to {@code minPercent}, continue until it
 * reaches {@code maxPercent}, deleting the least important snapshot of {@code order} first.
 */
public record PruneSettings(int minPercent, int maxPercent, PruneOrder order) {
    public static final PruneSettings DEFAULTS = new PruneSettings(5, 10, PruneOrder.IMPORTANCE);

    public PruneSettings {
        if (minPercent < 0 || maxPercent > 100 || minPercent > maxPercent) {
            throw new IllegalArgumentException("need 0 <= --minpercent <= --maxpercent <= 100, not "
                    + minPercent + " and " + maxPercent);
        }
        java.util.Objects.requireNonNull(order, "order");
    }
}
