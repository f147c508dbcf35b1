package byteback.server.status;

/**
 * How much of the store a client takes, and how that was found out.
 *
 * @param method     {@link Method#QGROUPS}: btrfs quota groups (exact, kept by the kernel);
 *                   {@link Method#ESTIMATE}: the allocated blocks of the files in {@code current},
 *                   counted by a walk that stops after a bounded number of entries;
 *                   {@link Method#UNKNOWN}: neither could be read
 * @param referenced bytes referenced: with qgroups those of {@code current}; as an estimate the
 *                   allocated bytes of {@code current}'s files (shared extents counted in full)
 * @param exclusive  with qgroups, the sum of the exclusive bytes of the client's subvolumes
 *                   ({@code current} and its snapshots): about what deleting the client frees at least;
 *                   -1 when not known
 * @param complete   false when the estimate's walk stopped early (the figure is then a lower bound),
 *                   or when btrfs marks its quota figures inconsistent (until {@code btrfs quota rescan})
 */
public record DiscUse(Method method, long referenced, long exclusive, boolean complete) {
    public enum Method { QGROUPS, ESTIMATE, UNKNOWN }

    public static final DiscUse UNKNOWN = new DiscUse(Method.UNKNOWN, -1, -1, false);
}
