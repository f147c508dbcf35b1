package byteback.server.restore;

import byteback.rsync.store.Store;
import byteback.rsync.store.StorePath;
import byteback.rsync.store.StoredEntry;
import byteback.rsync.store.UnsafePathException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Finds the stored copies that match patterns, in a client's directory read through a
 * {@link Store} rooted at ROOT/client: the original's {@code Dir.glob(ROOT/client/SNAPSHOT/PATTERN)}
 * (lib/byteback/restore.rb find), but descriptor-relative and never through a symlink (a real
 * symlink met on the way is an entry, never a directory), never into a hidden directory for
 * {@code **}, and with every directory read at most once however many patterns and {@code **}
 * there are (the patterns are run side by side as a set of states per directory).
 */
final class StoreSearch {
    private final Store store;
    private final int maxResults;
    private final Consumer<String> warnings;

    /**
     * @param maxResults stop with a {@link PatternException} beyond this many copies
     * @param warnings   receives a line for each entry that cannot be read (and is skipped)
     */
    StoreSearch(Store store, int maxResults, Consumer<String> warnings) {
        this.store = store;
        this.maxResults = maxResults;
        this.warnings = warnings;
    }

    /** A state: alternative {@code alt} of the patterns, its segment {@code seg} next to match. */
    private record State(PathPattern.Segment[] alt, int seg) {
        boolean done() {
            return seg == alt.length;
        }

        PathPattern.Segment next() {
            return alt[seg];
        }
    }

    private record Dir(StorePath path, List<State> states) {}

    List<StoredVersion> find(SnapshotPattern snapshots, List<PathPattern> patterns) throws IOException, PatternException {
        List<State> start = new ArrayList<>();
        for (PathPattern p : patterns) {
            for (List<PathPattern.Segment> alt : p.alternatives()) {
                start.add(new State(alt.toArray(new PathPattern.Segment[0]), 0));
            }
        }
        List<StoredVersion> found = new ArrayList<>();
        List<byte[]> names = store.list(StorePath.ROOT);
        names.sort(Arrays::compareUnsigned);
        for (byte[] name : names) {
            if (name.length == 0 || name[0] == '.' || !snapshots.matches(name)) continue;
            StorePath snap = child(StorePath.ROOT, name);
            if (snap == null) continue;
            StoredEntry e = lookup(snap);
            if (e == null || !e.isDirectory()) continue;
            search(new String(name, java.nio.charset.StandardCharsets.UTF_8), snap, e, closure(start), found);
        }
        return found;
    }

    private void search(String snapshot, StorePath snap, StoredEntry snapEntry, List<State> start, List<StoredVersion> found)
            throws IOException, PatternException {
        if (start.stream().anyMatch(State::done)) add(found, snapshot, snap, snap, snapEntry);
        Deque<Dir> todo = new ArrayDeque<>();
        todo.push(new Dir(snap, start));
        while (!todo.isEmpty()) {
            Dir dir = todo.pop();
            for (byte[] name : candidates(dir)) {
                List<State> next = new ArrayList<>();
                boolean recursive = false;
                int[] chars = null;
                for (State s : dir.states()) {
                    if (s.done() || s.next() instanceof PathPattern.Self) continue; // closure() took it
                    PathPattern.Segment seg = s.next();
                    if (seg instanceof PathPattern.Literal lit) {
                        if (Arrays.equals(lit.name(), name)) next.add(new State(s.alt(), s.seg() + 1));
                    } else if (seg instanceof PathPattern.Wild w) {
                        if (chars == null) chars = Chars.of(name);
                        if (NameGlob.matches(w.pattern(), chars)) next.add(new State(s.alt(), s.seg() + 1));
                    } else if (name[0] != '.') { // ** goes on into this entry if it is a directory
                        next.add(s);
                        recursive = true;
                    }
                }
                if (next.isEmpty()) continue;
                StorePath path = child(dir.path(), name);
                if (path == null) continue;
                StoredEntry entry = lookup(path);
                if (entry == null) continue;
                List<State> closed = entry.isDirectory() ? closure(next) : next;
                if (closed.stream().anyMatch(State::done)) add(found, snapshot, snap, path, entry);
                if (!entry.isDirectory()) continue;
                List<State> deeper = new ArrayList<>();
                for (State s : closed) {
                    if (!s.done()) deeper.add(s);
                }
                if (!deeper.isEmpty() || recursive) todo.push(new Dir(path, deeper));
            }
        }
    }

    /** The names worth looking at in a directory: its entries, or only the literal ones asked for. */
    private List<byte[]> candidates(Dir dir) throws IOException {
        List<byte[]> literal = new ArrayList<>();
        for (State s : dir.states()) {
            if (s.done() || s.next() instanceof PathPattern.Self) continue;
            if (!(s.next() instanceof PathPattern.Literal lit)) {
                try {
                    List<byte[]> all = store.list(dir.path());
                    all.sort(Arrays::compareUnsigned);
                    return all;
                } catch (IOException e) {
                    warnings.accept("cannot read directory " + dir.path() + ": " + e.getMessage());
                    return List.of();
                }
            }
            if (literal.stream().noneMatch(n -> Arrays.equals(n, lit.name()))) literal.add(lit.name());
        }
        return literal;
    }

    /**
     * Adds, for every state before {@code **} or {@code .}, the state after it ({@code **}
     * matching no directory, {@code .} this directory). Only called for directories.
     */
    private static List<State> closure(List<State> states) {
        List<State> out = new ArrayList<>(states);
        for (int i = 0; i < out.size(); i++) {
            State s = out.get(i);
            if (!s.done() && (s.next() instanceof PathPattern.Recursive || s.next() instanceof PathPattern.Self)) {
                State skip = new State(s.alt(), s.seg() + 1);
                if (!out.contains(skip)) out.add(skip);
            }
        }
        return out;
    }

    private void add(List<StoredVersion> found, String snapshot, StorePath snap, StorePath path, StoredEntry entry)
            throws PatternException {
        if (found.size() >= maxResults) {
            throw new PatternException("more than " + maxResults + " stored copies match; narrow the pattern or"
                    + " give --snapshot");
        }
        ByteArrayOutputStream p = new ByteArrayOutputStream();
        for (int i = snap.depth(); i < path.depth(); i++) {
            p.write('/');
            byte[] c = path.component(i);
            p.write(c, 0, c.length);
        }
        found.add(new StoredVersion(snapshot, p.toByteArray(), entry));
    }

    private StoredEntry lookup(StorePath path) throws IOException {
        try {
            return store.lookup(path);
        } catch (IOException e) {
            warnings.accept("cannot read " + path + ": " + e.getMessage());
            return null;
        }
    }

    private StorePath child(StorePath dir, byte[] name) {
        try {
            return dir.resolve(name);
        } catch (UnsafePathException e) {
            warnings.accept("skipped " + dir + "/" + PathPattern.printable(name) + ": " + e.getMessage());
            return null;
        }
    }
}
