package byteback.it.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import byteback.it.support.Cmd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * packaging/byteback-backup and byteback-restore, the wrappers users run, with a probe jar in place
 * of the client jar: the probe prints the JVM options it was started with and its heap sizes, so
 * what the wrapper asks of the JVM is checked, not the client.
 */
class BackupWrapperTest {
    @TempDir
    Path dir;

    private static final String PROBE = """
            public class Probe {
                public static void main(String[] args) {
                    Runtime r = Runtime.getRuntime();
                    System.out.println("initial=" + r.totalMemory());
                    System.out.println("max=" + r.maxMemory());
                    System.out.println("options=" + java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments());
                    System.out.println("args=" + String.join(" ", args));
                }
            }
            """;

    private Path probeJar() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src"));
        Files.writeString(src.resolve("Probe.java"), PROBE);
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", src.toString(), src.resolve("Probe.java").toString());
        assertEquals(0, rc, "javac");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "Probe");
        Path jar = dir.resolve("probe.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.putNextEntry(new JarEntry("Probe.class"));
            Files.copy(src.resolve("Probe.class"), out);
            out.closeEntry();
        }
        return jar;
    }

    private Map<String, String> run(Path jar, String javaOpts, String... args) throws Exception {
        return run("byteback-backup", jar, javaOpts, args);
    }

    private Map<String, String> run(String name, Path jar, String javaOpts, String... args) throws Exception {
        Path wrapper = Path.of("..", "packaging", name).toAbsolutePath().normalize();
        Map<String, String> env = new HashMap<>();
        env.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":/usr/bin:/bin");
        env.put("BYTEBACK_CLIENT_JAR", jar.toString());
        env.put("BYTEBACK_CLIENT_CDS", ""); // no class-data sharing archive: the options alone
        if (javaOpts != null) env.put("BYTEBACK_CLIENT_JAVA_OPTS", javaOpts);
        List<String> cmd = new ArrayList<>(List.of("sh", wrapper.toString()));
        cmd.addAll(List.of(args));
        Cmd.Result r = Cmd.run(cmd, env, null, 60);
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.err(), "nothing but the program's own output (cron mails whatever is printed)");
        Map<String, String> seen = new HashMap<>();
        for (String line : r.out().split("\n")) {
            assertTrue(line.matches("(initial|max|options|args)=.*"), "only the probe's lines: " + r.out());
            int eq = line.indexOf('=');
            if (eq > 0) seen.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return seen;
    }

    @Test
    void startsWithASmallHeapThatMayGrow() throws Exception {
        Path jar = probeJar();
        Map<String, String> p = run(jar, null, "-v", "--source", "/etc");
        assertEquals("backup -v --source /etc", p.get("args"));
        assertTrue(p.get("options").contains("-XX:+UseSerialGC"), p.toString());
        // the heap starts at 16 MiB (the JVM's default is 1/64 of RAM, and the young generation fills
        // ~a third of it before the first collection: ~200 MiB of RSS on a 24 GiB machine)...
        assertTrue(p.get("options").contains("-Xms16m"), p.toString());
        assertTrue(Long.parseLong(p.get("initial")) <= 16L << 20, p.toString());
        // ...and is not capped: one complete file list (--no-inc-recursive) needs ~400 bytes an entry
        long ram = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) << 10).findFirst().orElseThrow();
        assertTrue(Long.parseLong(p.get("max")) > ram / 5, "the JVM's default maximum (a quarter of RAM): " + p);
    }

    @Test
    void compilesLaterButTheDataPathSooner() throws Exception {
        Map<String, String> p = run(probeJar(), null);
        String o = p.get("options");
        // the JIT compilers took about half of a short backup's CPU: thresholds 5x the default...
        assertTrue(o.contains("-XX:CompileThresholdScaling=5"), o);
        // ...but ciphers, digests and checksums compiled 10x sooner than by default, said quietly
        assertTrue(o.contains("-XX:CompileCommand=quiet"), o);
        for (String hot : List.of("com.sun.crypto.provider.*::*", "sun.security.provider.*::*", "byteback.rsync.checksum.*::*")) {
            assertTrue(o.contains("-XX:CompileCommand=CompileThresholdScaling," + hot + ",0.1"), hot + " in " + o);
        }
        assertTrue(o.indexOf("-XX:CompileCommand=quiet") < o.indexOf("-XX:CompileCommand=CompileThresholdScaling"), o);
    }

    @Test
    void restoreStartsWithASmallHeapToo() throws Exception {
        Map<String, String> p = run("byteback-restore", probeJar(), null, "--restore", "/etc/*");
        assertEquals("restore --restore /etc/*", p.get("args"), "the pattern passed on, not globbed");
        assertTrue(p.get("options").contains("-XX:+UseSerialGC"), p.toString());
        assertTrue(p.get("options").contains("-Xms16m"), p.toString());
        assertTrue(Long.parseLong(p.get("initial")) <= 16L << 20, p.toString());
        assertFalse(p.get("options").contains("-Xmx"), "a one-list restore needs a heap that may grow: " + p);
        Map<String, String> own = run("byteback-restore", probeJar(), "-XX:+UseSerialGC -Xmx48m");
        assertFalse(own.get("options").contains("-Xms16m"), own.toString());
        assertTrue(Long.parseLong(own.get("max")) <= 48L << 20, own.toString());
    }

    @Test
    void userOptionsReplaceTheWrappers() throws Exception {
        Path jar = probeJar();
        Map<String, String> p = run(jar, "-XX:+UseSerialGC -Xmx48m");
        assertFalse(p.get("options").contains("-Xms16m"), p.toString());
        assertFalse(p.get("options").contains("CompileThresholdScaling"), p.toString());
        assertTrue(Long.parseLong(p.get("max")) <= 48L << 20, p.toString());
        assertEquals("backup", p.get("args"));
    }
}
