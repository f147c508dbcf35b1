package byteback.rsync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packages of rsync-protocol's main code form no cycle: every reference to another of our
 * packages (import, static import, or a fully qualified name in the code) is an edge, and the
 * graph must be acyclic. Also pins the few edges the layering is about.
 */
class PackageCyclesTest {
    private static final Path MAIN = Path.of("src/main/java/byteback/rsync");
    private static final Pattern REF = Pattern.compile("\\bbyteback\\.rsync\\.([a-z]+)\\.");

    static Map<String, Set<String>> graph() throws IOException {
        Map<String, Set<String>> g = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String pkg = MAIN.relativize(f.getParent()).toString().replace('/', '.');
                Set<String> deps = g.computeIfAbsent(pkg, k -> new TreeSet<>());
                String text = Files.readString(f).replaceAll("(?m)^package .*$", "");
                Matcher m = REF.matcher(text);
                while (m.find()) {
                    if (!m.group(1).equals(pkg)) {
                        deps.add(m.group(1));
                    }
                }
            }
        }
        return g;
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() throws IOException {
        Map<String, Set<String>> g = graph();
        assertTrue(g.size() > 8, "scanned " + g.keySet());
        List<List<String>> cycles = new ArrayList<>();
        Map<String, Integer> state = new HashMap<>();
        for (String p : g.keySet()) {
            visit(p, g, state, new ArrayList<>(), cycles);
        }
        assertEquals(List.of(), cycles, "package cycles in rsync-protocol; graph: " + g);
    }

    @Test
    void sharedPackagesDependOnNoRole() throws IOException {
        Map<String, Set<String>> g = graph();
        for (String low : List.of("wire", "checksum", "compress", "protocol", "session", "store", "flist", "filter")) {
            Set<String> deps = g.getOrDefault(low, Set.of());
            for (String role : List.of("receiver", "sender", "server")) {
                assertTrue(!deps.contains(role), low + " depends on " + role + ": " + deps);
            }
        }
    }

    private static void visit(String p, Map<String, Set<String>> g, Map<String, Integer> state, List<String> path,
            List<List<String>> cycles) {
        Integer s = state.get(p);
        if (s != null && s == 2) {
            return;
        }
        if (s != null && s == 1) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(p), path.size()));
            cycle.add(p);
            cycles.add(cycle);
            return;
        }
        state.put(p, 1);
        path.add(p);
        for (String d : g.getOrDefault(p, Set.of())) {
            visit(d, g, state, path, cycles);
        }
        path.remove(path.size() - 1);
        state.put(p, 2);
    }
}
