package byteback.server.prune;

/**
 * The size guard's rule (SPEC sections 6 and 9): a backup larger than {@code factor} times the
 * client's largest earlier backup and larger than {@code floorBytes} may not cause any snapshot to
 * be pruned. Pure.
 */
public record GrowthLimit(double factor, long floorBytes) {
    public static final GrowthLimit DEFAULT = new GrowthLimit(2.0, 1L << 30);

    public GrowthLimit {
        if (!(factor >= 1.0) || floorBytes < 0) {
            throw new IllegalArgumentException("growth factor must be at least 1 and the floor not negative");
        }
    }

    /** Whether a backup of {@code bytes} exceeds the limit, given the client's largest earlier one. */
    public boolean exceeded(long bytes, long largestEarlier) {
        return bytes > floorBytes && bytes > factor * largestEarlier;
    }

    /** What the client and the log are told when the limit stops a backup. */
    public String refusal(String client, long bytes, long largestEarlier, SpaceReading free, String allowCommand) {
        return String.format(java.util.Locale.ROOT,
                "byteback: the backup of %s has written %s, more than %s times its largest earlier backup (%s)"
                        + " and over %s, and the disc is nearly full (%s). The server does not delete other"
                        + " snapshots to make room for a backup that grows this suddenly, so this backup stops"
                        + " here; what it wrote so far stays in current. If the growth is expected, the"
                        + " administrator allows it with: %s",
                client, Bytes.human(bytes), trim(factor), Bytes.human(largestEarlier), Bytes.human(floorBytes),
                free.describe(), allowCommand);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
