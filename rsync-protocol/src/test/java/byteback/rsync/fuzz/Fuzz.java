package byteback.rsync.fuzz;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Mutation fuzzing of the decoders that read client bytes: valid streams (recorded from stock rsync
 * 3.5.0 or written by our own encoders) are mutated at random — bits flipped, bytes and 32-bit
 * words set to boundary values, spans inserted, deleted, duplicated, overwritten or spliced in
 * from another seed, the stream cut — and fed to a decoder. Passing means, for every input:
 * <ul>
 *   <li>the decoder returns, or throws what it documents (an {@link IOException}: EOF, protocol
 *       error, memory budget exceeded; a target may allow more) — never another exception, never
 *       an {@link Error} such as {@link OutOfMemoryError};</li>
 *   <li>it ends: a watchdog fails the run when one input takes longer than the hang guard
 *       ({@code -Dbyteback.fuzz.hangSeconds}, default 120 s: a deadline only, never a timing);</li>
 *   <li>the heap it allocated for that input (the thread's allocation counter) stays under the
 *       target's bound, which follows from the limits the decoder is configured with (an input
 *       over the bound is decoded a second time, so that loading classes on first use does not
 *       count).</li>
 * </ul>
 * {@code -Dbyteback.fuzz.inputs=N} sets how many inputs each target gets (./test.sh: a short run),
 * {@code -Dbyteback.fuzz.seconds=T} stops a long run after T seconds (the log line says how many ran),
 * {@code -Dbyteback.fuzz.seed=S} repeats a run: input i is mutated with {@code new
 * SplittableRandom(S + i)}. A failing input is written to {@code target/fuzz-failures/}.
 */
public final class Fuzz {
    /** A decoder fed one input. */
    @FunctionalInterface
    public interface Target {
        void decode(byte[] input) throws Exception;
    }

    /** How long one coverage-guided Jazzer run of a target lasts (JAZZER_FUZZ=1, one target per run). */
    public static final String JAZZER_DURATION = "3m";

    /** What a target may throw besides returning normally. */
    public static final Predicate<Throwable> IO_EXCEPTIONS = t -> t instanceof IOException;

    private static final int[] INTERESTING_BYTES = {0, 1, 2, 0x3f, 0x40, 0x7f, 0x80, 0x81, 0xbf, 0xc0, 0xdf,
        0xe0, 0xef, 0xf0, 0xf7, 0xf8, 0xfb, 0xfc, 0xfd, 0xfe, 0xff, '/', '.', 0x20};
    private static final int[] INTERESTING_INTS = {0, 1, -1, 2, 16, 32, 33, 255, 256, 4095, 4096, 5119, 5120,
        16383, 16384, 32767, 32768, 65535, 65536, 1 << 17, (1 << 17) + 1, 0xffffff, 1 << 24, 1 << 30,
        Integer.MAX_VALUE, Integer.MIN_VALUE, -2, -101, -102,
        // multiplexed frame headers (tag + 7 in the top byte): data and messages, long and short
        0x07000000, 0x07ffffff, 0x09010000, 0x09ffffff, 0x0a000400, 0x1d000004, 0x31000000, 0x5d000004,
        0x6b000004, 0x6c00ffff};

    private Fuzz() {}

    /** Inputs per target for this run. */
    public static long inputs(long shortRun) {
        return Long.getLong("byteback.fuzz.inputs", shortRun);
    }

    /** The byte stream of one input. */
    public static InputStream stream(byte[] input) {
        return new ByteArrayInputStream(input);
    }

    /**
     * Feeds {@link #inputs} mutated seeds to the target.
     *
     * @param name          shown in messages and failure files
     * @param seeds         valid streams to mutate (each also fed unmutated first)
     * @param documented    what the decoder may throw
     * @param maxAllocation most heap bytes one input may make the decoder allocate
     * @return what the run did, for the log line
     */
    public static Summary run(String name, List<byte[]> seeds, long shortRun, Predicate<Throwable> documented,
            long maxAllocation, Target target) {
        return run(name, seeds, shortRun, documented, length -> maxAllocation, target);
    }

    /**
     * As above, with a bound on the heap one input may make the decoder allocate that grows with
     * the input's length (for decoders that read value after value until the stream ends).
     */
    public static Summary run(String name, List<byte[]> seeds, long shortRun, Predicate<Throwable> documented,
            java.util.function.IntToLongFunction maxAllocation, Target target) {
        long inputs = inputs(shortRun);
        long seed = Long.getLong("byteback.fuzz.seed", System.nanoTime());
        long hangNanos = Long.getLong("byteback.fuzz.hangSeconds", 120) * 1_000_000_000L;
        Worker w = new Worker(name, seeds, inputs, seed, documented, maxAllocation, target);
        Thread t = new Thread(w, "fuzz-" + name);
        t.setDaemon(true);
        long started = System.nanoTime();
        t.start();
        try {
            while (t.isAlive()) {
                t.join(1000);
                long since = w.inputStarted;
                if (t.isAlive() && since != 0 && System.nanoTime() - since > hangNanos) {
                    byte[] stuck = w.current;
                    Path file = save(name, seed, w.index, stuck);
                    StringBuilder trace = new StringBuilder();
                    for (StackTraceElement e : t.getStackTrace()) {
                        trace.append("\n    at ").append(e);
                    }
                    t.interrupt();
                    throw new AssertionError(name + ": input " + w.index + " of the run with -Dbyteback.fuzz.seed="
                            + seed + " has not ended after " + hangNanos / 1_000_000_000L + " s (saved to " + file
                            + "): " + hex(stuck) + trace);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (w.failure != null) {
            throw w.failure;
        }
        Summary s = new Summary(name, w.done, seed, (System.nanoTime() - started) / 1e9, w.cpuSeconds, w.outcomes,
                w.maxAllocated);
        System.out.println(s);
        return s;
    }

    /** How a run went. */
    public record Summary(String name, long inputs, long seed, double seconds, double cpuSeconds, Outcomes outcomes,
            long maxAllocated) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT,
                    "fuzz %s: %d inputs (seed %d) in %.1f s (%.1f s CPU), no failure; %d decoded, %d refused (%s); "
                            + "most heap allocated by one input %d KiB",
                    name, inputs, seed, seconds, cpuSeconds, outcomes.accepted, inputs - outcomes.accepted,
                    outcomes.refusals(), maxAllocated / 1024);
        }
    }

    /** Counts of what the inputs led to. */
    public static final class Outcomes {
        long accepted;
        final java.util.Map<String, Long> refused = new java.util.TreeMap<>();

        String refusals() {
            StringBuilder b = new StringBuilder();
            refused.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(v));
            return b.toString();
        }
    }

    private static final class Worker implements Runnable {
        final String name;
        final List<byte[]> seeds;
        final long inputs;
        final long seed;
        final Predicate<Throwable> documented;
        final java.util.function.IntToLongFunction maxAllocation;
        final Target target;
        final Outcomes outcomes = new Outcomes();
        volatile long inputStarted;
        volatile long index;
        volatile byte[] current;
        volatile AssertionError failure;
        long maxAllocated;
        long done;
        volatile double cpuSeconds;

        Worker(String name, List<byte[]> seeds, long inputs, long seed, Predicate<Throwable> documented,
                java.util.function.IntToLongFunction maxAllocation, Target target) {
            this.name = name;
            this.seeds = seeds;
            this.inputs = inputs;
            this.seed = seed;
            this.documented = documented;
            this.maxAllocation = maxAllocation;
            this.target = target;
        }

        @Override
        public void run() {
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long tid = Thread.currentThread().getId();
            long seconds = Long.getLong("byteback.fuzz.seconds", 0);
            long stopAt = seconds > 0 ? System.nanoTime() + seconds * 1_000_000_000L : Long.MAX_VALUE;
            for (long i = 0; i < inputs; i++) {
                if ((i & 1023) == 0 && System.nanoTime() > stopAt) {
                    done = i;
                    break;
                }
                done = i + 1;
                byte[] input = i < seeds.size() ? seeds.get((int) i).clone() : mutate(seeds, new SplittableRandom(seed + i));
                current = input;
                index = i;
                inputStarted = System.nanoTime();
                long before = mx.getThreadAllocatedBytes(tid);
                Throwable thrown = null;
                try {
                    target.decode(input);
                } catch (Throwable t) {
                    thrown = t;
                }
                long allocated = mx.getThreadAllocatedBytes(tid) - before;
                if (allocated > maxAllocation.applyAsLong(input.length) || allocated > maxAllocated && i >= seeds.size()) {
                    // the first use of a class allocates for loading it (and, with Jazzer's agent in
                    // the JVM, instrumenting it): what counts is what the input makes the decoder take
                    before = mx.getThreadAllocatedBytes(tid);
                    try {
                        target.decode(input.clone());
                    } catch (Throwable again) {
                        // judged on the first run
                    }
                    allocated = mx.getThreadAllocatedBytes(tid) - before;
                }
                if (i >= seeds.size()) { // the seeds warm up: classes are loaded
                    maxAllocated = Math.max(maxAllocated, allocated);
                }
                String problem = null;
                if (thrown != null && !(documented.test(thrown) && !(thrown instanceof Error))) {
                    problem = "threw " + thrown;
                } else if (allocated > maxAllocation.applyAsLong(input.length)) {
                    problem = "allocated " + allocated + " bytes (bound " + maxAllocation.applyAsLong(input.length) + ")";
                } else if (i < seeds.size() && thrown != null && !(thrown instanceof java.io.EOFException)) {
                    problem = "the unmutated seed " + i + " is refused: " + thrown;
                }
                if (problem != null) {
                    Path file = save(name, seed, i, input);
                    failure = new AssertionError(name + ": input " + i + " of the run with -Dbyteback.fuzz.seed="
                            + seed + " (saved to " + file + ") " + problem + ": " + hex(input), thrown);
                    return;
                }
                if (thrown == null) {
                    outcomes.accepted++;
                } else {
                    outcomes.refused.merge(thrown.getClass().getSimpleName(), 1L, Long::sum);
                }
            }
            inputStarted = 0;
            cpuSeconds = mx.getCurrentThreadCpuTime() / 1e9;
        }
    }

    /** One mutation of one of the seeds (1 to 8 edits, fewer more often). */
    public static byte[] mutate(List<byte[]> seeds, SplittableRandom r) {
        Bytes b = new Bytes(seeds.get(r.nextInt(seeds.size())));
        int edits = 1 + r.nextInt(r.nextInt(8) + 1);
        for (int e = 0; e < edits; e++) {
            int at = b.len == 0 ? 0 : r.nextInt(b.len + 1);
            switch (r.nextInt(12)) {
                case 0, 1 -> { // flip a bit
                    if (at < b.len) {
                        b.a[at] ^= (byte) (1 << r.nextInt(8));
                    }
                }
                case 2, 3 -> { // a boundary byte
                    if (at < b.len) {
                        b.a[at] = (byte) INTERESTING_BYTES[r.nextInt(INTERESTING_BYTES.length)];
                    }
                }
                case 4 -> { // a boundary 32-bit word, little-endian, written over or inserted
                    int v = INTERESTING_INTS[r.nextInt(INTERESTING_INTS.length)];
                    byte[] w = {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
                    if (r.nextBoolean()) {
                        b.insert(at, w, 0, 4);
                    } else {
                        System.arraycopy(w, 0, b.a, at, Math.min(4, b.len - at));
                    }
                }
                case 5 -> { // a random byte
                    if (at < b.len) {
                        b.a[at] = (byte) r.nextInt(256);
                    }
                }
                case 6 -> { // insert random bytes
                    byte[] ins = new byte[1 + r.nextInt(r.nextBoolean() ? 4 : 64)];
                    r.nextBytes(ins);
                    b.insert(at, ins, 0, ins.length);
                }
                case 7 -> b.delete(at, Math.min(b.len, at + 1 + r.nextInt(r.nextBoolean() ? 4 : 256)));
                case 8 -> { // duplicate a span, now and then many times
                    int end = Math.min(b.len, at + 1 + r.nextInt(64));
                    int times = r.nextInt(16) == 0 ? 1 + r.nextInt(2000) : 1;
                    byte[] span = java.util.Arrays.copyOfRange(b.a, at, end);
                    for (int k = 0; k < times && b.len < 1 << 20; k++) {
                        b.insert(at, span, 0, span.length);
                    }
                }
                case 9 -> { // splice in a span of another seed
                    byte[] other = seeds.get(r.nextInt(seeds.size()));
                    if (other.length > 0) {
                        int from = r.nextInt(other.length);
                        int len = Math.min(other.length - from, 1 + r.nextInt(256));
                        if (r.nextBoolean()) {
                            b.insert(at, other, from, len);
                        } else {
                            b.delete(at, Math.min(b.len, at + len));
                            b.insert(at, other, from, len);
                        }
                    }
                }
                case 10 -> { // copy a span of this stream over another place
                    if (b.len > 0) {
                        int from = r.nextInt(b.len);
                        int len = Math.min(Math.min(b.len - from, b.len - Math.min(at, b.len)), 1 + r.nextInt(32));
                        System.arraycopy(b.a, from, b.a, Math.min(at, b.len), Math.max(0, len));
                    }
                }
                default -> { // cut the stream (rarely: most inputs then only test EOF)
                    if (r.nextInt(4) == 0) {
                        b.len = Math.min(b.len, at);
                    }
                }
            }
        }
        return java.util.Arrays.copyOf(b.a, b.len);
    }

    /** A growable byte array. */
    private static final class Bytes {
        byte[] a;
        int len;

        Bytes(byte[] seed) {
            a = java.util.Arrays.copyOf(seed, Math.max(16, seed.length * 2));
            len = seed.length;
        }

        void insert(int at, byte[] src, int off, int n) {
            if (len + n > a.length) {
                a = java.util.Arrays.copyOf(a, Math.max(a.length * 2, len + n));
            }
            System.arraycopy(a, at, a, at + n, len - at);
            System.arraycopy(src, off, a, at, n);
            len += n;
        }

        void delete(int from, int to) {
            System.arraycopy(a, to, a, from, len - to);
            len -= to - from;
        }
    }

    private static Path save(String name, long seed, long index, byte[] input) {
        try {
            Path dir = Files.createDirectories(Path.of("target", "fuzz-failures"));
            Path f = dir.resolve(name + "-" + seed + "-" + index + ".bin");
            Files.write(f, input == null ? new byte[0] : input);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One input of a coverage-guided Jazzer run ({@code @FuzzTest}; {@code JAZZER_FUZZ=1} fuzzes, a
     * normal test run replays the inputs Jazzer keeps): what the decoder documents is swallowed,
     * everything else is a finding. Jazzer's own guards catch hangs and memory exhaustion.
     */
    public static void jazzer(byte[] input, Predicate<Throwable> documented, Target target) {
        try {
            target.decode(input);
        } catch (Throwable t) {
            if (t instanceof Error || !documented.test(t)) {
                throw new AssertionError("undocumented outcome: " + t + " for " + hex(input), t);
            }
        }
    }

    /**
     * Before a Jazzer run ({@code JAZZER_FUZZ} set): the seeds go into the corpus directory Jazzer
     * starts from ({@code .cifuzz-corpus/CLASS/METHOD} in the module), so that mutation starts
     * from valid streams.
     */
    public static void jazzerSeeds(Class<?> testClass, String method, List<byte[]> seeds) {
        if (System.getenv("JAZZER_FUZZ") == null || System.getenv("JAZZER_FUZZ").isEmpty()) {
            return;
        }
        try {
            Path dir = Files.createDirectories(Path.of(".cifuzz-corpus", testClass.getName(), method));
            for (int i = 0; i < seeds.size(); i++) {
                Files.write(dir.resolve("seed-" + i), seeds.get(i));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The first 400 bytes of an input in hex. */
    public static String hex(byte[] input) {
        if (input == null) {
            return "(none)";
        }
        String h = HexFormat.of().formatHex(input, 0, Math.min(input.length, 400));
        return input.length + " bytes: " + h + (input.length > 400 ? "..." : "");
    }

    /** Seeds from test resources under {@code /fuzz/}, one per file name given. */
    public static List<byte[]> resources(String... names) {
        List<byte[]> out = new ArrayList<>();
        for (String n : names) {
            try (InputStream in = Fuzz.class.getResourceAsStream("/fuzz/" + n)) {
                if (in == null) {
                    throw new IllegalStateException("missing fuzz seed /fuzz/" + n);
                }
                out.add(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
