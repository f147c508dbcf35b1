package byteback.client.backup;

import java.util.Locale;

/** Human-readable sizes and durations for the progress and final lines. */
public final class Sizes {
    private Sizes() {}

    public static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        double v = bytes;
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }

    public static String duration(long seconds) {
        if (seconds < 60) return seconds + " s";
        if (seconds < 3600) return String.format(Locale.ROOT, "%d min %02d s", seconds / 60, seconds % 60);
        return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
    }
}
