package byteback.btrfs;

/**
 * A filesystem's size and free space in bytes, as statfs(2) reports them.
 *
 * @param totalBytes     the size of the filesystem
 * @param freeBytes      free bytes, including those reserved for root
 * @param availableBytes free bytes an unprivileged user can still write
 */
public record SpaceUsage(long totalBytes, long freeBytes, long availableBytes) {

    /** Available space as a percentage of the total (0 for an empty total). */
    public double availablePercent() {
        return totalBytes <= 0 ? 0 : 100.0 * availableBytes / totalBytes;
    }
}
