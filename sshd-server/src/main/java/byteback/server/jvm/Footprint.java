package byteback.server.jvm;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;

/** What this JVM holds and may hold, for the start-up line and the log. */
public final class Footprint {
    private Footprint() {}

    /** e.g. "heap max 5.9 GiB (committed 8 MiB), RSS 61 MiB; Java 17.0.15, Serial GC, frugal options". */
    public static String describe() {
        Runtime rt = Runtime.getRuntime();
        String gc = ManagementFactory.getGarbageCollectorMXBeans().stream().map(GarbageCollectorMXBean::getName)
                .collect(Collectors.joining("/"));
        long rss = rssBytes();
        return "heap max " + size(rt.maxMemory()) + " (committed " + size(rt.totalMemory()) + "), RSS "
                + (rss < 0 ? "unknown" : size(rss)) + "; Java " + Runtime.version() + ", " + gc
                + (System.getenv(FrugalJvm.MARKER) != null ? ", frugal options (restarted with "
                        + String.join(" ", FrugalJvm.options(Runtime.version().feature())) + ")"
                        : ", options as started");
    }

    /** Resident set size from /proc/self/status (VmRSS), or -1 where there is none. */
    public static long rssBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }

    static String size(long bytes) {
        if (bytes >= 10L << 30) {
            return (bytes >> 30) + " GiB";
        }
        if (bytes >= 1L << 30) {
            return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }
        return (bytes >> 20) + " MiB";
    }
}
