package byteback.server.jvm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which JVM options make the server frugal, and whether this JVM still needs them (pure logic; the
 * re-execution itself is {@link Reexec}).
 *
 * <p>The serial collector with tight free ratios keeps the heap near the live data and shrinks it
 * after a full collection ({@link IdleMemory} runs one when the server falls idle); the heap may
 * grow to a quarter of the machine's RAM. glibc gets at most two malloc arenas, so native memory
 * freed by the JIT and by ended connections' threads can be trimmed back. On Java 25 and later,
 * compact object headers save 4 bytes per object. Measured in bench/README.md ("frugal JVM").
 *
 * <p>An operator who gives the JVM heap or collector options of their own (the systemd unit, a
 * test capping the heap) keeps them: the server then runs as started.
 */
public final class FrugalJvm {
    private FrugalJvm() {}

    /** Set in the re-executed server's environment: it must not re-execute again. */
    public static final String MARKER = "BYTEBACK_FRUGAL_JVM";

    /** The environment variable that turns re-execution off ({@code BYTEBACK_REEXEC=no}). */
    public static final String OPT_OUT = "BYTEBACK_REEXEC";

    /** The options every supported JVM (17 and later) gets. */
    static final List<String> BASE = List.of(
            "-XX:+UseSerialGC",
            "-Xms8m",
            "-XX:MaxRAMPercentage=25",
            "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30");

    /** glibc: at most this many malloc arenas (its default is 8 per core). */
    static final String MALLOC_ARENA_MAX = "2";

    /** The frugal options for a JVM of this feature version (17, 21, 25 ...). */
    public static List<String> options(int javaFeatureVersion) {
        List<String> o = new ArrayList<>(BASE);
        if (javaFeatureVersion >= 25) {
            o.add("-XX:+UseCompactObjectHeaders");
        }
        return o;
    }

    /**
     * True when the JVM was started with options that decide its memory: a heap size, a RAM share,
     * a collector. Then the operator chose, and the server does not re-execute.
     */
    static boolean operatorChose(List<String> jvmArguments) {
        for (String a : jvmArguments) {
            if (a.startsWith("-Xmx") || a.startsWith("-Xms") || a.startsWith("-Xmn")
                    || a.startsWith("-XX:MaxHeapSize") || a.startsWith("-XX:InitialHeapSize")
                    || a.startsWith("-XX:MaxRAM") || a.startsWith("-XX:InitialRAM")
                    || (a.startsWith("-XX:+Use") && a.endsWith("GC"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The command line that re-executes this server frugally, or empty when it should run as it
     * is: already re-executed, turned off, started with the operator's own memory options, or not
     * started from a jar.
     *
     * @param javaBinary   this JVM's launcher (/proc/self/exe)
     * @param classPath    this JVM's class path (the server jar)
     * @param jvmArguments the options this JVM was started with
     */
    public static Optional<List<String>> command(String javaBinary, String classPath, String mainClass,
            List<String> jvmArguments, Map<String, String> env, int javaFeatureVersion, String... args) {
        if (env.containsKey(MARKER) || "no".equalsIgnoreCase(env.get(OPT_OUT)) || operatorChose(jvmArguments)
                || javaBinary == null || classPath == null || classPath.isEmpty()) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary);
        cmd.addAll(options(javaFeatureVersion));
        cmd.addAll(jvmArguments); // e.g. -D properties or an agent the operator gave
        if (classPath.endsWith(".jar") && !classPath.contains(java.io.File.pathSeparator)) {
            cmd.add("-jar"); // as started: the jar's manifest (Multi-Release) applies as before
            cmd.add(classPath);
        } else {
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add(mainClass);
        }
        cmd.addAll(List.of(args));
        return Optional.of(cmd);
    }

    /** The environment of the re-executed server: this one, marked, with few malloc arenas. */
    public static Map<String, String> environment(Map<String, String> env) {
        Map<String, String> e = new java.util.TreeMap<>(env);
        e.put(MARKER, "1");
        e.putIfAbsent("MALLOC_ARENA_MAX", MALLOC_ARENA_MAX);
        return e;
    }
}
